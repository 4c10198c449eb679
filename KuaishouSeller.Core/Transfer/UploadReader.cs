namespace KuaishouSeller.Core.Transfer;

/// <summary>
/// Reads an uploaded file into one array of the size the client declared, with the limit enforced while reading: a file
/// declared too large is refused before a byte is read, and one that sends more than it declared is refused at the
/// first extra byte. (A growing MemoryStream copied out with ToArray held the file up to three times over.)
/// </summary>
public static class UploadReader
{
    /// <param name="declaredLength">The size the client announced.</param>
    /// <param name="open">Opens the upload with the given ceiling (Blazor's <c>OpenReadStream(maxAllowedSize)</c>).</param>
    public static async Task<byte[]> ReadAsync(long declaredLength, Func<long, Stream> open, long maxBytes = SheetReader.MaxBytes, CancellationToken ct = default)
    {
        if (declaredLength > maxBytes) throw SheetReader.TooLarge(maxBytes);
        if (declaredLength <= 0) throw SheetReader.Empty();
        var content = new byte[declaredLength];
        await using var upload = open(maxBytes);
        var read = 0;
        while (read < content.Length)
        {
            var n = await upload.ReadAsync(content.AsMemory(read), ct);
            if (n == 0) throw new Common.DomainException(new("上传未完成，请重新上传。", "The upload did not complete; upload the file again."));
            read += n;
        }
        if (await upload.ReadAsync(new byte[1], ct) > 0) throw SheetReader.TooLarge(declaredLength);
        return content;
    }
}
