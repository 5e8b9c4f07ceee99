import Testing
import WorkflowModel
@testable import WorkflowStore

/// The SQL both backends share, spelled for each dialect.
@Suite("Table SQL")
struct TableSQLTests {
    let schema = DataSchema(
        name: "visitor",
        columns: [
            DataColumn(name: "origin", type: .string, required: true),
            DataColumn(name: "external_id", type: .string, required: true),
            DataColumn(name: "friends", type: .integer),
            DataColumn(name: "seen", type: .timestamp),
            DataColumn(name: "updated_at", type: .timestamp),
        ],
        keys: [DataKey(columns: ["origin", "external_id"]), DataKey(name: "f", columns: ["friends"], unique: false)])

    @Test func createsTablesAndIndexes() {
        let sqlite = TableSQL(table: TableDefinition(schema), dialect: SQLiteDialect())
        #expect(
            sqlite.createTable
                == #"CREATE TABLE IF NOT EXISTS "visitor" ("id" INTEGER PRIMARY KEY, "origin" TEXT, "external_id" TEXT, "friends" INTEGER, "seen" TEXT, "updated_at" TEXT)"#
        )
        #expect(
            sqlite.createIndexes == [
                #"CREATE UNIQUE INDEX IF NOT EXISTS "visitor_origin_external_id_key" ON "visitor" ("origin", "external_id")"#,
                #"CREATE INDEX IF NOT EXISTS "visitor_friends_idx" ON "visitor" ("friends")"#,
            ])
        let postgres = TableSQL(table: TableDefinition(schema), dialect: PostgresDialect())
        #expect(
            postgres.createTable
                == #"CREATE TABLE IF NOT EXISTS "visitor" ("id" BIGSERIAL PRIMARY KEY, "origin" TEXT, "external_id" TEXT, "friends" BIGINT, "seen" TIMESTAMPTZ, "updated_at" TIMESTAMPTZ)"#
        )
        #expect(postgres.addColumn(DataColumn(name: "vip", type: .boolean)) == #"ALTER TABLE "visitor" ADD COLUMN "vip" BOOLEAN"#)
    }

    @Test func quotesIdentifiers() {
        #expect(SQLiteDialect().quoted(#"we"ird"#) == #""we""ird""#)
    }

    @Test func valuesUpsertUpdatesOnlyWhatDiffers() {
        let sql = TableSQL(table: TableDefinition(schema), dialect: SQLiteDialect())
        #expect(
            sql.valuesUpsert(columns: [0, 1, 2, 3], key: [0, 1], rows: 2) == """
                INSERT INTO "visitor" ("origin", "external_id", "friends", "seen", "updated_at") \
                VALUES (?1, ?2, ?3, ?4, ?9), (?5, ?6, ?7, ?8, ?9) \
                ON CONFLICT ("origin", "external_id") DO UPDATE SET "friends" = EXCLUDED."friends", "seen" = EXCLUDED."seen", \
                "updated_at" = EXCLUDED."updated_at" WHERE "visitor"."friends" IS NOT EXCLUDED."friends" OR "visitor"."seen" IS NOT EXCLUDED."seen"
                """)
        #expect(
            sql.valuesUpsert(columns: [0, 1], key: [0, 1], rows: 1)
                == #"INSERT INTO "visitor" ("origin", "external_id", "updated_at") VALUES (?1, ?2, ?3) ON CONFLICT ("origin", "external_id") DO NOTHING"#
        )
    }

    @Test func batchUpsertUnnestsArrays() {
        let sql = TableSQL(table: TableDefinition(schema), dialect: PostgresDialect()).batchUpsert(columns: [0, 1, 3], key: [0, 1])
        #expect(
            sql == """
                INSERT INTO "visitor" ("origin", "external_id", "seen", "updated_at") \
                SELECT "v"."origin", "v"."external_id", "v"."seen"::TIMESTAMPTZ, $4::TIMESTAMPTZ \
                FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS "v"("origin", "external_id", "seen", "wfrun_ordinality") \
                ORDER BY "v"."wfrun_ordinality" \
                ON CONFLICT ("origin", "external_id") DO UPDATE SET "seen" = EXCLUDED."seen", "updated_at" = EXCLUDED."updated_at" \
                WHERE "visitor"."seen" IS DISTINCT FROM EXCLUDED."seen" \
                RETURNING (xmax = 0)
                """)
    }

    @Test func fingerprintFollowsTheShape() {
        var changed = schema
        changed.columns.append(DataColumn(name: "vip", type: .boolean))
        #expect(SchemaFingerprint(schema) == SchemaFingerprint(schema))
        #expect(SchemaFingerprint(schema).hash != SchemaFingerprint(changed).hash)
        #expect(SchemaFingerprint(schema).columns == "origin string, external_id string, friends integer, seen timestamp, updated_at timestamp")
    }
}
