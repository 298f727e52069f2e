package io.lalo.sql.nl2sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.schema.ForeignKey;
import io.lalo.sql.catalog.Catalog;
import io.lalo.sql.catalog.CatalogColumn;
import io.lalo.sql.catalog.CatalogTable;
import io.lalo.sql.validate.SqlStatementValidator;
import io.lalo.sql.validate.StatementKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The offline translator on a schema it was never tuned on (a small library: authors, books, loans), with values
 * supplied in memory — no grid needed. Checks the SQL it writes, its clarifications and its handling of hostile text.
 */
class OfflineTranslatorTest {

    static final ForeignKey BOOK_AUTHOR = ForeignKey.of("BOOKS", "AUTHOR_ID", "AUTHORS", "ID");
    static final ForeignKey LOAN_BOOK = ForeignKey.of("LOANS", "BOOK_ID", "BOOKS", "ID");

    static final Catalog CATALOG = new Catalog(List.of(
            new CatalogTable("PUBLIC", "AUTHORS", List.of(col("ID", "INTEGER", true), col("NAME", "VARCHAR(64)"),
                    col("COUNTRY", "VARCHAR(32)"), col("BORN", "DATE")), List.of("ID"), null, List.of(),
                    List.of(BOOK_AUTHOR)),
            new CatalogTable("PUBLIC", "BOOKS", List.of(col("ID", "INTEGER", true), col("TITLE", "VARCHAR(128)"),
                    col("AUTHOR_ID", "INTEGER"), col("GENRE", "VARCHAR(32)"), col("PAGES", "INTEGER"),
                    col("PUBLISHED_YEAR", "INTEGER")), List.of("ID"), null, List.of(BOOK_AUTHOR),
                    List.of(LOAN_BOOK)),
            new CatalogTable("PUBLIC", "LOANS", List.of(col("ID", "INTEGER", true), col("BOOK_ID", "INTEGER"),
                    col("BORROWER", "VARCHAR(64)"), col("LOAN_DATE", "DATE"),
                    new CatalogColumn("RETURNED_ON", "DATE", true, false)), List.of("ID"), null,
                    List.of(LOAN_BOOK), List.of())), Instant.EPOCH);

    static final Map<String, List<ValueIndex.Value>> VALUES = Map.of(
            "fantasy", List.of(new ValueIndex.Value(new ColumnRef("BOOKS", "GENRE", "VARCHAR(32)"), "Fantasy")),
            "poetry", List.of(new ValueIndex.Value(new ColumnRef("BOOKS", "GENRE", "VARCHAR(32)"), "Poetry")),
            "chile", List.of(new ValueIndex.Value(new ColumnRef("AUTHORS", "COUNTRY", "VARCHAR(32)"), "Chile")));

    static CatalogColumn col(String name, String type) {
        return new CatalogColumn(name, type, false, false);
    }

    static CatalogColumn col(String name, String type, boolean key) {
        return new CatalogColumn(name, type, false, key);
    }

    static Translation translate(String question) {
        return new OfflineTranslator(SemanticAnnotations.NONE).translate(question, CATALOG,
                stems -> VALUES.getOrDefault(String.join(" ", stems), List.of()), column -> true);
    }

    @Test
    void count_withValueFilter() {
        assertThat(translate("How many fantasy books are there?").sql())
                .isEqualTo("SELECT COUNT(*) FROM BOOKS WHERE GENRE = 'Fantasy'");
    }

    @Test
    void projection_withComparison_andOrder() {
        assertThat(translate("List the titles of books with more than 300 pages ordered by pages descending.")
                .sql()).isEqualTo("SELECT TITLE FROM BOOKS WHERE PAGES > 300 ORDER BY PAGES DESC");
    }

    @Test
    void join_alongForeignKeys_forAValueInAnotherTable() {
        Translation translation = translate("List the titles of books by authors from Chile.");
        assertThat(translation.sql()).isEqualTo(
                "SELECT T1.TITLE FROM BOOKS T1 JOIN AUTHORS T2 ON T1.AUTHOR_ID = T2.ID WHERE T2.COUNTRY = 'Chile'");
        assertThat(translation.tables()).containsExactlyInAnyOrder("BOOKS", "AUTHORS");
        assertThat(translation.explanation()).contains("BOOKS.TITLE").contains("AUTHORS.COUNTRY is 'Chile'")
                .contains("joined with AUTHORS");
    }

    @Test
    void groupBy_andHaving() {
        assertThat(translate("Which genres have more than 10 books?").sql())
                .isEqualTo("SELECT GENRE FROM BOOKS GROUP BY GENRE HAVING COUNT(*) > 10");
        assertThat(translate("What is the average pages for each genre?").sql())
                .isEqualTo("SELECT GENRE, AVG(PAGES) FROM BOOKS GROUP BY GENRE");
    }

    @Test
    void nulls_yearColumns_andTopN() {
        assertThat(translate("How many loans have no returned on date?").sql()).contains("RETURNED_ON IS NULL");
        assertThat(translate("How many books were published in 1999?").sql())
                .isEqualTo("SELECT COUNT(*) FROM BOOKS WHERE PUBLISHED_YEAR = 1999");
        assertThat(translate("Show the top 3 books by pages.").sql())
                .isEqualTo("SELECT TITLE FROM BOOKS ORDER BY PAGES DESC LIMIT 3");
    }

    @Test
    void relativeDates_areRangesFromToday() {
        OfflineTranslator onFixedDay = new OfflineTranslator(SemanticAnnotations.NONE,
                java.time.Clock.fixed(Instant.parse("2026-03-15T10:00:00Z"), java.time.ZoneOffset.UTC));
        assertThat(onFixedDay.translate("How many loans were made last month?", CATALOG, stems -> List.of(),
                column -> true).sql()).isEqualTo("SELECT COUNT(*) FROM LOANS WHERE LOAN_DATE >= DATE '2026-02-01' "
                + "AND LOAN_DATE < DATE '2026-03-01'");
        assertThat(onFixedDay.translate("How many loans in the last 7 days?", CATALOG, stems -> List.of(),
                column -> true).sql()).contains("LOAN_DATE >= DATE '2026-03-09'").contains("< DATE '2026-03-16'");
        assertThat(onFixedDay.translate("Count loans this year", CATALOG, stems -> List.of(), column -> true).sql())
                .contains(">= DATE '2026-01-01'");
    }

    @Test
    void absence_isAnAntiJoin_withTheRelatedConditionsInside() {
        assertThat(translate("Which authors have no books?").sql()).isEqualTo("SELECT NAME FROM AUTHORS WHERE ID NOT "
                + "IN (SELECT AUTHOR_ID FROM BOOKS WHERE AUTHOR_ID IS NOT NULL)");
        assertThat(translate("Which authors have no books in fantasy?").sql()).isEqualTo("SELECT NAME FROM AUTHORS "
                + "WHERE ID NOT IN (SELECT AUTHOR_ID FROM BOOKS WHERE GENRE = 'Fantasy' AND AUTHOR_ID IS NOT NULL)");
        Translation never = translate("How many books were never loaned?");
        assertThat(never.sql()).isEqualTo("SELECT COUNT(*) FROM BOOKS WHERE ID NOT IN (SELECT BOOK_ID FROM LOANS "
                + "WHERE BOOK_ID IS NOT NULL)");
        assertThat(never.explanation()).contains("no LOANS row refers to it");
        assertThat(SqlStatementValidator.validate(never.sql(), CATALOG).tables()).containsExactlyInAnyOrder("BOOKS",
                "LOANS");
    }

    @Test
    void comparativeAroundTheColumn_andWordsWrittenTogetherInTheSchema() {
        assertThat(translate("How many books have a greater pages than 500?").sql())
                .isEqualTo("SELECT COUNT(*) FROM BOOKS WHERE PAGES > 500");
        assertThat(translate("List the titles of books published in 1999 by published year descending.").sql())
                .contains("PUBLISHED_YEAR = 1999");
        assertThat(Words.identifier("PETTYPE")).containsExactly("pet", "type");
    }

    @Test
    void negation_inList_andContains() {
        assertThat(translate("List books that are not fantasy.").sql())
                .isEqualTo("SELECT TITLE FROM BOOKS WHERE GENRE <> 'Fantasy'");
        assertThat(translate("List books in fantasy or poetry.").sql())
                .isEqualTo("SELECT TITLE FROM BOOKS WHERE GENRE IN ('Fantasy', 'Poetry')");
        assertThat(translate("Which books have a title containing 'Night'?").sql())
                .isEqualTo("SELECT TITLE FROM BOOKS WHERE TITLE LIKE '%Night%'");
    }

    @Test
    void injectionInAQuestion_staysALiteral() {
        for (String question : List.of("Which books have a title containing 'x''; DROP TABLE BOOKS; --'?",
                "List books with genre 'Fantasy'' OR ''1''=''1'", "List books with genre 'Fantasy' OR 1=1",
                "How many books have title \"'); DELETE FROM BOOKS; --\"?")) {
            Translation translation = translate(question);
            // Whatever the question says, the SQL is one SELECT over the catalog's tables: text stays in literals.
            var statement = SqlStatementValidator.validate(translation.sql(), CATALOG);
            assertThat(statement.kind()).as(question).isEqualTo(StatementKind.QUERY);
            assertThat(statement.tables()).as(question).containsExactly("BOOKS");
        }
    }

    @Test
    void nothingLinked_asksWhichTable() {
        Translation translation = translate("What is the meaning of life?");
        assertThat(translation.needsClarification()).isTrue();
        assertThat(translation.candidates()).contains("AUTHORS", "BOOKS", "LOANS");
        assertThat(translate("!!! ???").needsClarification()).isTrue();
    }

    @Test
    void maskedColumns_areNeverLinkedByValue() {
        Translation translation = new OfflineTranslator(SemanticAnnotations.NONE).translate("How many books are "
                        + "fantasy?", CATALOG, stems -> VALUES.getOrDefault(String.join(" ", stems), List.of()),
                column -> !column.column().equals("GENRE"));
        assertThat(translation.sql() == null ? "" : translation.sql()).doesNotContain("Fantasy");
    }

    @Test
    void words_stemAndSplitIdentifiers() {
        assertThat(Words.identifier("CountryName")).containsExactly("country", "name");
        assertThat(Words.identifier("ORDER_LINES")).containsExactly("order", "line");
        assertThat(Words.identifier("LINE_NO")).containsExactly("line", "number");
        assertThat(Words.identifier("COUNTRYNAME")).as("Ignite upper-cases CountryName").containsExactly("country",
                "name");
        assertThat(Words.identifier("MAKEID")).containsExactly("make", "id");
        assertThat(Words.identifier("DISCOUNT")).containsExactly("discount");
        assertThat(Words.stem("cities")).isEqualTo("city");
        assertThat(Words.stem("statuses")).isEqualTo("status");
        assertThat(Words.stem("ids")).isEqualTo("id");
        List<String> kinds = new ArrayList<>();
        Words.tokenize("more than 'a b' 12.5, x>=3").forEach(t -> kinds.add(t.kind().name()));
        assertThat(kinds).containsExactly("WORD", "WORD", "QUOTED", "NUMBER", "PUNCTUATION", "WORD", "SYMBOL",
                "NUMBER");
    }
}
