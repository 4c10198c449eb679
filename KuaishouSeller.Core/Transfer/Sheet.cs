using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using KuaishouSeller.Core.Common;

namespace KuaishouSeller.Core.Transfer;

public enum SheetFormat { Csv, Xlsx }

/// <summary>One data row as the spreadsheet shows it: its row number (the header is row 1) and its cells as text.</summary>
public sealed record SheetRow(int RowNumber, string[] Cells);

/// <summary>A table read from an uploaded file, with what was detected about it.</summary>
public sealed record Sheet(SheetFormat Format, string EncodingName, IReadOnlyList<string> Header, IReadOnlyList<SheetRow> Rows);

/// <summary>
/// Reads CSV and Excel (.xlsx) files. CSV from Chinese spreadsheet tools is often GBK rather than UTF-8: a file that
/// is not valid UTF-8 is read as GB18030 (a superset of GBK). Anything that is not a spreadsheet is refused with a
/// clear message before a single row is looked at.
/// </summary>
public static class SheetReader
{
    public const long MaxBytes = 64L * 1024 * 1024;

    static SheetReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>An .xlsx holds a dozen or so parts; thousands of entries are a crafted file.</summary>
    public const int MaxZipEntries = 1_000;

    /// <summary>200k rows of a dozen columns inflate to ≈60 MB of sheet XML; a zip bomb inflates to gigabytes from kilobytes.</summary>
    public const long MaxInflatedBytes = 256L * 1024 * 1024;

    /// <summary>The shared strings are loaded whole (cells point into them); 200k distinct names and titles are ≈20 MB.</summary>
    public const long MaxSharedStringBytes = 64L * 1024 * 1024;

    public static Sheet Read(byte[] content, string fileName)
    {
        if (content.Length == 0) throw Empty();
        if (content.Length > MaxBytes) throw TooLarge(MaxBytes);
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var isZip = content.Length > 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4;
        var isOldExcel = content.Length > 8 && content[0] == 0xD0 && content[1] == 0xCF && content[2] == 0x11 && content[3] == 0xE0;
        if (isOldExcel)
            throw Refuse("不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV 后再导入。", "Old .xls files are not supported; save the sheet as .xlsx or CSV and import that.");
        if (isZip) return ReadXlsx(content);
        if (extension is ".xlsx" or ".xlsm")
            throw Refuse("该文件扩展名是 Excel，但内容不是 Excel 表格。", "The file is named like an Excel file but is not a spreadsheet.");
        if (extension is not (".csv" or ".txt" or ""))
            throw Refuse($"不支持 {extension} 文件，请上传 CSV 或 Excel (.xlsx)。", $"{extension} files are not supported; upload CSV or Excel (.xlsx).");
        return ReadCsv(content);
    }

    private static Sheet ReadCsv(byte[] content)
    {
        var (text, encodingName) = Decode(content);
        if (text.AsSpan(0, Math.Min(text.Length, 8192)).Contains('\0'))
            throw Refuse("这不是表格文件（内容是二进制数据）。", "This is not a spreadsheet (the file holds binary data).");
        var delimiter = GuessDelimiter(text);
        string[]? header = null;
        var rows = new List<SheetRow>();
        foreach (var (line, cells) in Csv.Parse(text, delimiter))
        {
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            var trimmed = cells.Select(c => c.Trim()).ToArray();
            if (header is null) header = trimmed;
            else rows.Add(new SheetRow(line, trimmed));
        }
        if (header is null) throw Refuse("文件中没有任何数据。", "The file has no rows.");
        return new Sheet(SheetFormat.Csv, encodingName, header, rows);
    }

    /// <summary>UTF-8 (with or without BOM) when the bytes are valid UTF-8, UTF-16 by its BOM, otherwise GB18030/GBK.</summary>
    private static (string Text, string EncodingName) Decode(byte[] content)
    {
        if (content is [0xEF, 0xBB, 0xBF, ..]) return (new UTF8Encoding(false, true).GetString(content, 3, content.Length - 3), "UTF-8");
        if (content is [0xFF, 0xFE, ..]) return (Encoding.Unicode.GetString(content, 2, content.Length - 2), "UTF-16");
        try
        {
            return (new UTF8Encoding(false, true).GetString(content), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            var gbk = Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            try
            {
                return (gbk.GetString(content), "GBK");
            }
            catch (DecoderFallbackException)
            {
                throw Refuse("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV。", "The file's text encoding is not recognised; save it as a UTF-8 or GBK CSV.");
            }
        }
    }

    private static char GuessDelimiter(string text)
    {
        var end = text.IndexOf('\n');
        var firstLine = end >= 0 ? text[..end] : text;
        int Count(char c) => firstLine.Count(x => x == c);
        var (comma, tab, semicolon) = (Count(','), Count('\t'), Count(';'));
        return tab > comma && tab >= semicolon ? '\t' : semicolon > comma ? ';' : ',';
    }

    internal static DomainException Empty() => Refuse("文件是空的。", "The file is empty.");

    internal static DomainException TooLarge(long maxBytes) =>
        Refuse($"文件超过 {Megabytes(maxBytes)} MB。", $"The file is larger than {Megabytes(maxBytes)} MB.");

    private static string Megabytes(long bytes) => (bytes / 1024d / 1024).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>
    /// Inflates every entry once, counting, before the Open XML SDK sees the package: the sizes a zip declares are the
    /// attacker's to choose, so only the bytes really inflated count, and reading stops at the first one over a limit.
    /// </summary>
    private static void CheckZipLimits(byte[] content)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(content, writable: false), System.IO.Compression.ZipArchiveMode.Read);
        if (zip.Entries.Count > MaxZipEntries)
            throw Refuse($"Excel 文件包含 {zip.Entries.Count:N0} 个部件（上限 {MaxZipEntries:N0}），不像正常的表格，已拒绝。",
                $"The Excel file holds {zip.Entries.Count:N0} parts (at most {MaxZipEntries:N0}); it does not look like a spreadsheet and was refused.");
        var buffer = new byte[81920];
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            var isSharedStrings = entry.FullName.EndsWith("sharedStrings.xml", StringComparison.OrdinalIgnoreCase);
            long inEntry = 0;
            using var inflating = entry.Open();
            int n;
            while ((n = inflating.Read(buffer, 0, buffer.Length)) > 0)
            {
                inEntry += n;
                total += n;
                if (total > MaxInflatedBytes)
                    throw Refuse($"Excel 文件解压后超过 {Megabytes(MaxInflatedBytes)} MB（可能是压缩炸弹），已拒绝。",
                        $"The Excel file inflates to more than {Megabytes(MaxInflatedBytes)} MB (possibly a zip bomb) and was refused.");
                if (isSharedStrings && inEntry > MaxSharedStringBytes)
                    throw Refuse($"Excel 文件的共享文本超过 {Megabytes(MaxSharedStringBytes)} MB，已拒绝。",
                        $"The Excel file's shared strings exceed {Megabytes(MaxSharedStringBytes)} MB and were refused.");
            }
        }
    }

    private static Sheet ReadXlsx(byte[] content)
    {
        try
        {
            CheckZipLimits(content);
            using var stream = new MemoryStream(content, writable: false);
            using var document = SpreadsheetDocument.Open(stream, false);
            var workbook = document.WorkbookPart ?? throw Refuse("Excel 文件中没有工作表。", "The Excel file has no worksheet.");
            var firstSheet = workbook.Workbook.Sheets?.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().FirstOrDefault()
                ?? throw Refuse("Excel 文件中没有工作表。", "The Excel file has no worksheet.");
            var part = (WorksheetPart)workbook.GetPartById(firstSheet.Id!);
            var shared = ReadSharedStrings(workbook.SharedStringTablePart);

            string[]? header = null;
            var rows = new List<SheetRow>();
            // SAX-style reading keeps memory flat for sheets with 100k rows.
            using var reader = OpenXmlReader.Create(part);
            while (reader.Read())
            {
                if (reader.ElementType != typeof(Row) || !reader.IsStartElement) continue;
                var row = (Row)reader.LoadCurrentElement()!;
                var cells = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = ColumnIndex(cell.CellReference?.Value) ?? cells.Count;
                    while (cells.Count < column) cells.Add("");
                    cells.Add(CellText(cell, shared).Trim());
                }
                if (cells.All(string.IsNullOrWhiteSpace)) continue;
                var rowNumber = (int)(row.RowIndex?.Value ?? (uint)(rows.Count + 2));
                if (header is null) header = [.. cells];
                else rows.Add(new SheetRow(rowNumber, [.. cells]));
            }
            if (header is null) throw Refuse("工作表中没有任何数据。", "The worksheet has no rows.");
            return new Sheet(SheetFormat.Xlsx, "Excel", header, rows);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or InvalidOperationException or System.Xml.XmlException)
        {
            throw Refuse("这不是有效的 Excel (.xlsx) 文件。", "This is not a valid Excel (.xlsx) file.");
        }
    }

    /// <summary>SAX-style too: the part's DOM would cost many times its text.</summary>
    private static string[] ReadSharedStrings(SharedStringTablePart? part)
    {
        if (part is null) return [];
        var strings = new List<string>();
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
                strings.Add(reader.LoadCurrentElement()!.InnerText);
        }
        return [.. strings];
    }

    private static string CellText(Cell cell, string[] shared)
    {
        var value = cell.CellValue?.Text ?? cell.InnerText;
        if (cell.DataType?.Value == CellValues.SharedString)
            return int.TryParse(value, out var index) && index >= 0 && index < shared.Length ? shared[index] : "";
        if (cell.DataType?.Value == CellValues.InlineString) return cell.InlineString?.InnerText ?? "";
        return value;
    }

    /// <summary>"C12" → 2 (zero-based column).</summary>
    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        var index = 0;
        foreach (var c in reference)
        {
            if (!char.IsLetter(c)) break;
            index = index * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        }
        return index == 0 ? null : index - 1;
    }

    private static DomainException Refuse(string zh, string en) => new(new Bilingual(zh, en));
}

/// <summary>
/// Writes a table as CSV (UTF-8 with a BOM, so Excel shows Chinese correctly) or as .xlsx, streaming rows so large
/// exports do not build the whole file in memory first.
/// </summary>
public static class SheetWriter
{
    public static async Task WriteCsvAsync(Stream output, IReadOnlyList<string> header, IAsyncEnumerable<object?[]> rows, CancellationToken ct = default)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(true), bufferSize: 64 * 1024, leaveOpen: true);
        await writer.WriteLineAsync(Csv.Line(header));
        await foreach (var row in rows.WithCancellation(ct))
            await writer.WriteLineAsync(Csv.Line(row.Select(Format)));
        await writer.FlushAsync(ct);
    }

    /// <summary>Writes the workbook to a seekable buffer first: the .xlsx package is a zip and needs one.</summary>
    public static async Task WriteXlsxAsync(Stream output, string sheetName, IReadOnlyList<string> header, IAsyncEnumerable<object?[]> rows, CancellationToken ct = default)
    {
        var path = Path.GetTempFileName();
        try
        {
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite))
            {
                using (var document = SpreadsheetDocument.Create(file, SpreadsheetDocumentType.Workbook))
                {
                    var workbook = document.AddWorkbookPart();
                    var sheetPart = workbook.AddNewPart<WorksheetPart>();
                    using (var writer = OpenXmlWriter.Create(sheetPart))
                    {
                        writer.WriteStartElement(new Worksheet());
                        writer.WriteStartElement(new SheetData());
                        WriteRow(writer, header.Cast<object?>().ToArray());
                        await foreach (var row in rows.WithCancellation(ct)) WriteRow(writer, row);
                        writer.WriteEndElement();
                        writer.WriteEndElement();
                    }
                    workbook.Workbook = new Workbook(new Sheets(new DocumentFormat.OpenXml.Spreadsheet.Sheet
                    {
                        Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = sheetName,
                    }));
                    workbook.Workbook.Save();
                }
                file.Position = 0;
                await file.CopyToAsync(output, ct);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void WriteRow(OpenXmlWriter writer, object?[] values)
    {
        writer.WriteStartElement(new Row());
        foreach (var value in values)
        {
            if (value is int or long or decimal)
                writer.WriteElement(new Cell { DataType = CellValues.Number, CellValue = new CellValue(Format(value)) });
            else
                writer.WriteElement(new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Format(value))) });
        }
        writer.WriteEndElement();
    }

    internal static string Format(object? value) => value switch
    {
        null => "",
        decimal d => d.ToString("0.##", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>RFC 4180 CSV: quoted fields may hold delimiters, doubled quotes and line breaks.</summary>
internal static class Csv
{
    /// <summary>Yields each record with the line it starts on (1-based), as a spreadsheet numbers its rows.</summary>
    public static IEnumerable<(int Line, string[] Cells)> Parse(string text, char delimiter)
    {
        var cells = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                if (c == '"') { quoted = false; i++; continue; }
                if (c == '\n') line++;
                field.Append(c);
                i++;
                continue;
            }
            if (c == '"' && field.Length == 0) { quoted = true; i++; continue; }
            if (c == delimiter) { cells.Add(field.ToString()); field.Clear(); i++; continue; }
            if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                i++;
                cells.Add(field.ToString());
                field.Clear();
                yield return (recordLine, cells.ToArray());
                cells.Clear();
                line++;
                recordLine = line;
                continue;
            }
            field.Append(c);
            i++;
        }
        if (field.Length > 0 || cells.Count > 0)
        {
            cells.Add(field.ToString());
            yield return (recordLine, cells.ToArray());
        }
    }

    public static string Line(IEnumerable<string> cells) => string.Join(",", cells.Select(Quote));

    /// <summary>
    /// Quotes when needed. A cell starting with =, +, -, @, a tab or a carriage return is prefixed with ' so a spreadsheet
    /// never runs it as a formula (tab and CR too: some tools drop them and read what follows as the cell's start);
    /// a plain number such as -5 or +3.5 stays a number.
    /// </summary>
    internal static string Quote(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            && !(value[0] is '+' or '-' && decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _)))
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
