using KuaishouSeller.Core.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace KuaishouSeller.Tests.Reliability;

/// <summary>Which failures count as the database being away, and what the user is told about each.</summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public void A_lost_server_is_an_outage_a_timeout_is_a_busy_database_and_a_bad_statement_is_neither()
    {
        var refused = new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111));
        Assert.True(DatabaseOutage.IsOutage(refused));
        Assert.Equal(DatabaseOutage.Message, DatabaseOutage.MessageFor(refused));

        var busy = new NpgsqlException("The operation has timed out", new TimeoutException());
        Assert.True(DatabaseOutage.IsOutage(busy));
        Assert.Equal(DatabaseOutage.Busy, DatabaseOutage.MessageFor(busy));
        Assert.Contains("busy", DatabaseOutage.MessageFor(busy).En);

        Assert.True(DatabaseOutage.IsOutage(new InvalidOperationException("wrapped", new SqliteException("readonly", 8))));
        Assert.False(DatabaseOutage.IsOutage(new SqliteException("constraint failed", 19)));
        Assert.False(DatabaseOutage.IsOutage(new InvalidOperationException("a bug")));
    }
}
