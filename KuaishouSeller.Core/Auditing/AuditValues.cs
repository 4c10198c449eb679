using System.Text.Encodings.Web;
using System.Text.Json;

namespace KuaishouSeller.Core.Auditing;

/// <summary>The JSON form of an audit entry's before and after values: named fields, stored as data, read back for sentences.</summary>
public static class AuditValues
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // readable Chinese in the database; never rendered as HTML unescaped
    };

    public static string? Serialize(object? values) => values switch
    {
        null => null,
        string text => JsonSerializer.Serialize(new Dictionary<string, string> { ["value"] = text }, Options),
        _ => JsonSerializer.Serialize(values, Options),
    };

    /// <summary>The named fields of a stored value; an old free-text value reads as one field "value".</summary>
    public static IReadOnlyDictionary<string, string> Parse(string? stored)
    {
        if (string.IsNullOrWhiteSpace(stored)) return new Dictionary<string, string>();
        if (stored.TrimStart().StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(stored);
                return document.RootElement.EnumerateObject().ToDictionary(p => p.Name,
                    p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.ToString());
            }
            catch (JsonException) { }
        }
        return new Dictionary<string, string> { ["value"] = stored };
    }
}
