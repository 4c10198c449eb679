using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Identity;
using KuaishouSeller.Core.Transfer;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KuaishouSeller.Tests.Security;

/// <summary>
/// Crafted uploads: a zip bomb, a package of thousands of parts, oversized shared strings, an upload longer than it
/// declared. Each is refused with a clear message in both languages, without inflating or buffering what it claims.
/// Exports never hand a spreadsheet a formula.
/// </summary>
[Collection(SecureSqliteCollection.Name)]
public sealed class UploadLimitTests(SecureSqliteApp app, Chromium chromium) : IClassFixture<Chromium>
{
    private static readonly Lazy<byte[]> ZipBomb = new(() => Zip(("xl/worksheets/sheet1.xml", SheetReader.MaxInflatedBytes + 1024 * 1024)));

    [Fact]
    public async Task A_zip_bomb_uploaded_on_the_import_page_is_refused_with_a_clear_message()
    {
        var bomb = ZipBomb.Value;
        Assert.True(bomb.Length < 2 * 1024 * 1024, $"{bomb.Length} bytes");
        var page = await chromium.NewPageAsync(app.RootUri);
        await Chromium.SignInAsync(page, "owner@demo.ks", DemoWorldSeeder.DemoPassword);
        await page.GotoAsync("/inventory/import");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await Chromium.ChooseFileAsync(page, new FilePayload
        {
            Name = "库存.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = bomb,
        }, page.Locator("[data-testid=import-issues]"));
        await Expect(page.Locator("[data-testid=import-issues]")).ToContainTextAsync("压缩炸弹");
        await Expect(page.Locator("[data-testid=import-apply]")).ToBeDisabledAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Too_many_parts_and_oversized_shared_strings_are_refused_in_both_languages()
    {
        var entries = Zip(Enumerable.Range(0, SheetReader.MaxZipEntries + 1).Select(i => ($"xl/media/p{i}.xml", 10L)).ToArray());
        var parts = await PreviewAsync(entries);
        Assert.Contains("个部件", parts.Zh);
        Assert.Contains("parts", parts.En);

        var strings = Zip(("xl/sharedStrings.xml", SheetReader.MaxSharedStringBytes + 1024));
        var shared = await PreviewAsync(strings);
        Assert.Contains("共享文本", shared.Zh);
        Assert.Contains("shared strings", shared.En);

        var bomb = await PreviewAsync(ZipBomb.Value);
        Assert.Contains("压缩炸弹", bomb.Zh);
        Assert.Contains("zip bomb", bomb.En);
    }

    [Fact]
    public void A_normal_workbook_with_shared_strings_still_reads()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable(new SharedStringItem(new Text("SKU编码")), new SharedStringItem(new Text("数量")), new SharedStringItem(new Text("TEA-001")));
            var sheet = workbook.AddNewPart<WorksheetPart>();
            Cell Shared(string reference, int index) => new() { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index.ToString()) };
            sheet.Worksheet = new Worksheet(new SheetData(
                new Row(Shared("A1", 0), Shared("B1", 1)) { RowIndex = 1 },
                new Row(Shared("A2", 2), new Cell { CellReference = "B2", CellValue = new CellValue("12") }) { RowIndex = 2 }));
            workbook.Workbook = new Workbook(new Sheets(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "库存" }));
        }
        var read = SheetReader.Read(stream.ToArray(), "stock.xlsx");
        Assert.Equal(["SKU编码", "数量"], read.Header);
        Assert.Equal(["TEA-001", "12"], read.Rows.Single().Cells);
    }

    [Fact]
    public async Task An_upload_is_read_into_one_array_and_stops_at_the_first_byte_past_what_it_declared()
    {
        var sent = new EndlessStream();
        var longer = await Assert.ThrowsAsync<DomainException>(() => UploadReader.ReadAsync(1000, _ => sent, SheetReader.MaxBytes));
        Assert.Contains("MB", longer.UserMessage.En);
        Assert.True(sent.Served <= 1000 + 81920, $"{sent.Served} bytes read");

        var opened = false;
        var declaredTooLarge = await Assert.ThrowsAsync<DomainException>(() => UploadReader.ReadAsync(SheetReader.MaxBytes + 1, _ => { opened = true; return new EndlessStream(); }));
        Assert.False(opened);
        Assert.Contains("64 MB", declaredTooLarge.UserMessage.Zh);

        await Assert.ThrowsAsync<DomainException>(() => UploadReader.ReadAsync(10, _ => new MemoryStream(new byte[4])));
        var exact = await UploadReader.ReadAsync(5, max => { Assert.Equal(SheetReader.MaxBytes, max); return new MemoryStream("a,b\n1"u8.ToArray()); });
        Assert.Equal("a,b\n1", Encoding.UTF8.GetString(exact));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\")")]
    [InlineData("+cmd|' /C calc'!A0")]
    [InlineData("-2+3+cmd|' /C calc'!A0")]
    [InlineData("@SUM(A1:A9)")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    public async Task Exported_cells_never_start_a_formula(string value)
    {
        var cell = await OneCsvCellAsync(value);
        Assert.StartsWith("'", cell.TrimStart('"'));
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("+3.5")]
    [InlineData("12")]
    [InlineData("山野茶坊")]
    public async Task Numbers_and_text_export_unchanged(string value) =>
        Assert.Equal(value, await OneCsvCellAsync(value));

    private static async Task<string> OneCsvCellAsync(string value)
    {
        using var output = new MemoryStream();
        await SheetWriter.WriteCsvAsync(output, ["值"], Rows(value));
        var text = new UTF8Encoding(false).GetString(output.ToArray()).TrimStart('\uFEFF');
        return text[(text.IndexOf('\n') + 1)..].TrimEnd('\r', '\n');

        static async IAsyncEnumerable<object?[]> Rows(string v)
        {
            yield return [v];
            await Task.CompletedTask;
        }
    }

    /// <summary>The owner's preview of a stock import of <paramref name="file"/>; returns its one refusal.</summary>
    private async Task<Bilingual> PreviewAsync(byte[] file)
    {
        using var scope = app.Services.CreateScope();
        var owner = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync("owner@demo.ks");
        var plan = await scope.ServiceProvider.GetRequiredService<ImportService>().PreviewAsync(owner!.Id, ImportKind.Stock, StockImportMode.SetOnHand, file, "stock.xlsx");
        Assert.False(plan.CanApply);
        return Assert.Single(plan.Issues).Message;
    }

    /// <summary>A zip whose entries are runs of spaces of the given sizes (they deflate ≈1000:1).</summary>
    private static byte[] Zip(params (string Name, long Bytes)[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("[Content_Types].xml").Open().Dispose();
            var chunk = Encoding.ASCII.GetBytes(new string(' ', 1024 * 1024));
            foreach (var (name, bytes) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                for (var left = bytes; left > 0; left -= chunk.Length) entry.Write(chunk, 0, (int)Math.Min(left, chunk.Length));
            }
        }
        return output.ToArray();
    }

    /// <summary>A client that keeps sending after its declared size.</summary>
    private sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }
        public override int Read(byte[] buffer, int offset, int count) { Served += count; return count; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Served; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
