using System.Data.Common;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace KuaishouSeller.Core.Orders;

/// <summary>What a set-based ship move returns for each order it moved: what its stock movement and its event need.</summary>
internal sealed record ShippedOrder(long Id, string OrderNo, long MerchantId, long ShopId, long SkuId, int Quantity, ReservationSource ReservedFrom)
{
    public static ShippedOrder Of(Order o) => new(o.Id, o.OrderNo, o.MerchantId, o.ShopId, o.SkuId, o.Quantity, o.ReservedFrom);
}

/// <summary>
/// The ship move for many orders in one statement per chunk, on SQLite and PostgreSQL alike: the transition table's
/// conditional update (WHERE Status = the state it leaves) that also writes each order's own carrier and waybill from a
/// VALUES list, and RETURNING the orders it moved, so an order a colleague moved first is simply not among them.
/// </summary>
internal static class SetBasedShipping
{
    /// <summary>Rows per statement: one parameter each (the waybill), far below both providers' parameter limits.</summary>
    public const int ChunkRows = 1_000;

    public static async Task<List<ShippedOrder>> ShipAsync(AppDbContext db, IReadOnlyList<(long Id, Carrier Carrier, string Waybill)> rows,
        DateTime now, string shippedBy, CancellationToken ct)
    {
        var shape = Shape.Of(db);
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
                          ?? throw new InvalidOperationException("Set-based shipping runs inside the command's transaction.");
        var moved = new List<ShippedOrder>(rows.Count);
        // In id order, so two selections shipped at once lock their common orders in the same order (no deadlock).
        foreach (var chunk in rows.OrderBy(r => r.Id).Chunk(ChunkRows))
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            // Identifiers come from the EF model; ids, carriers and states are typed numbers written as EF's own SQL literals;
            // the waybill, the one text from input, is a parameter. (SQLite finds each named parameter by a linear search,
            // so 4,000 parameters a statement cost more than the update itself.)
            var from = shape.Literal(nameof(Order.Status), OrderTransitions.From(OrderMove.Ship));
            var values = chunk.Select((r, i) => $"({shape.Literal(nameof(Order.Id), r.Id)}, {shape.Literal(nameof(Order.Carrier), r.Carrier)}, @w{i}, {from})");
            command.CommandText =
                $"UPDATE {shape.Table} SET {shape.Status} = @to, {shape.ShippedAt} = @now, {shape.ShippedBy} = @by, " +
                $"{shape.Carrier} = v.column2, {shape.WaybillNo} = v.column3 " +
                $"FROM (VALUES {string.Join(", ", values)}) AS v " +
                // The state it leaves comes per row: as a constant filter SQLite builds a Bloom filter by scanning every
                // order (0.3 s per chunk on two million); as a join column each row is one primary-key lookup.
                $"WHERE {shape.Table}.{shape.Id} = v.column1 AND {shape.Table}.{shape.Status} = v.column4 " +
                $"RETURNING {string.Join(", ", shape.Returned.Select(c => $"{shape.Table}.{c}"))}";
            shape.Add(command, "to", nameof(Order.Status), OrderTransitions.To(OrderMove.Ship));
            shape.Add(command, "now", nameof(Order.ShippedAt), now);
            shape.Add(command, "by", nameof(Order.ShippedBy), shippedBy);
            for (var i = 0; i < chunk.Length; i++) shape.Add(command, $"w{i}", nameof(Order.WaybillNo), chunk[i].Waybill);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                moved.Add(new ShippedOrder(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                    reader.GetInt32(5), (ReservationSource)reader.GetInt32(6)));
        }
        return moved;
    }

    /// <summary>The Orders table's quoted names and type mappings, read from the EF model.</summary>
    private sealed record Shape(IEntityType Entity, string Table, string Id, string Status, string ShippedAt, string ShippedBy, string Carrier,
        string WaybillNo, IReadOnlyList<string> Returned)
    {
        public static Shape Of(AppDbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(Order))!;
            string Column(string property) => $"\"{entity.FindProperty(property)!.GetColumnName()}\"";
            return new Shape(entity, $"\"{entity.GetTableName()}\"", Column(nameof(Order.Id)), Column(nameof(Order.Status)), Column(nameof(Order.ShippedAt)),
                Column(nameof(Order.ShippedBy)), Column(nameof(Order.Carrier)), Column(nameof(Order.WaybillNo)),
                // In the order of the ShippedOrder record.
                [Column(nameof(Order.Id)), Column(nameof(Order.OrderNo)), Column(nameof(Order.MerchantId)), Column(nameof(Order.ShopId)),
                    Column(nameof(Order.SkuId)), Column(nameof(Order.Quantity)), Column(nameof(Order.ReservedFrom))]);
        }

        /// <summary>A parameter converted exactly as EF writes the property (UTC instants, enums as numbers).</summary>
        public void Add(DbCommand command, string name, string property, object value) =>
            command.Parameters.Add(Mapping(property).CreateParameter(command, name, value));

        /// <summary>A number as EF writes it into SQL for the property (an enum as its number).</summary>
        public string Literal(string property, object value) => Mapping(property).GenerateSqlLiteral(value);

        private RelationalTypeMapping Mapping(string property) => (RelationalTypeMapping)Entity.FindProperty(property)!.GetTypeMapping();
    }
}
