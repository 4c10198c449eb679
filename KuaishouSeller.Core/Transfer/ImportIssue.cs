using KuaishouSeller.Core.Common;

namespace KuaishouSeller.Core.Transfer;

/// <summary>One problem with one row (or with the whole file when Row is 0), in the user's words.</summary>
public sealed record ImportIssue(int Row, string? Column, Bilingual Message);
