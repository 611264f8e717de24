using PipelineGuard.Sql;
using PipelineGuard.Tests.Support;

namespace PipelineGuard.Tests.Sql;

public class CrossEnvironmentDatabaseTests
{
    private static string Policy(string dialect) => $$"""
        version: 1
        environments:
          production: { aliases: [prod], databases: [orders_prod, "prod_*"] }
          staging: { aliases: [stg], databases: [orders_staging, "stg_*"] }
        rules:
          - id: sql-xenv
            description: A migration names only its own environment's databases.
            severity: critical
            enforcement: block
            sql: { dialect: {{dialect}}, cross_environment_databases: true }
        """;

    private static IReadOnlyList<Finding> Run(string dialect, string sql, string? environment)
    {
        var file = new MigrationFile("db/V2__sync.sql", sql, "flyway", MigrationDirection.Forward, "2", "", false, MigrationGitStatus.NotCompared, "0");
        var facts = new EvaluationFacts { Now = Build.Noon, Context = new DeployContext { Environment = environment } }.With(new MigrationSet([file], []));
        return SqlTestSupport.Evaluate(Build.Policy(Policy(dialect)), facts).Findings;
    }

    [Fact]
    public void A_staging_migration_naming_the_production_database_in_a_tsql_three_part_name_blocks()
    {
        var sql = "-- copies from orders_prod.dbo.customers in a comment are not read\nINSERT INTO dbo.customers SELECT * FROM [orders_prod].[dbo].[customers];\nGO\n";
        var finding = Run("sqlserver", sql, "staging").ShouldHaveSingleItem();
        finding.Outcome.ShouldBe(Outcome.Block);
        finding.Target.Line.ShouldBe(2);
        finding.Message.ShouldContain("names the database 'orders_prod' (qualified name orders_prod.dbo.customers), which belongs to 'production'");
        Run("sqlserver", "SELECT * FROM orders_prod..customers;", "stg").ShouldHaveSingleItem();
        Run("sqlserver", "SELECT * FROM linked1.orders_prod.dbo.customers;", "staging").ShouldHaveSingleItem();
        Run("sqlserver", "USE orders_prod;\nGO\n", "staging").ShouldHaveSingleItem().Message.ShouldContain("(USE)");
        Run("sqlserver", sql, "production").ShouldBeEmpty();
        Run("sqlserver", "SELECT * FROM dbo.customers c JOIN sales.orders o ON o.customer_id = c.id;", "staging").ShouldBeEmpty();
    }

    [Fact]
    public void A_mysql_database_qualified_name_and_a_dblink_or_postgres_fdw_server_name_the_other_database()
    {
        Run("mysql", "UPDATE `prod_billing`.`invoices` SET paid = 1 WHERE id = 3;", "staging").ShouldHaveSingleItem()
            .Message.ShouldContain("'prod_billing'");
        Run("mysql", "UPDATE invoices i SET i.paid = 1 WHERE i.id = 3;", "staging").ShouldBeEmpty();
        Run("postgres", "SELECT * FROM dblink('host=db.internal dbname=orders_prod user=sync', 'select id from orders') AS t(id int);", "staging")
            .ShouldHaveSingleItem().Message.ShouldContain("connection string dbname= (dblink)");
        Run("postgres", "CREATE SERVER prod_orders FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'db.internal', port '5432', dbname 'orders_prod');", "staging")
            .ShouldHaveSingleItem().Message.ShouldContain("postgres_fdw server option dbname");
        // PostgreSQL two-part names are schema.table, not databases.
        Run("postgres", "ALTER TABLE prod_archive.orders ADD COLUMN note text;", "staging").ShouldBeEmpty();
    }

    [Fact]
    public void Without_the_deployed_environment_a_named_environment_database_is_indeterminate()
    {
        var finding = Run("sqlserver", "SELECT * FROM orders_staging.dbo.customers;", null).ShouldHaveSingleItem();
        finding.Indeterminate.ShouldBeTrue();
        finding.Outcome.ShouldBe(Outcome.Warn);
    }
}
