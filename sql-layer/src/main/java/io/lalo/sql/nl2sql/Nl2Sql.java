package io.lalo.sql.nl2sql;

import io.lalo.sql.cache.TableVersions;
import io.lalo.sql.catalog.Catalog;
import java.time.Clock;
import java.util.function.Predicate;
import org.apache.ignite.Ignite;

/**
 * NL2SQL over the live catalog: the offline translator with the grid's value index. Governance and Calcite
 * validation of what it produces are the caller's next steps (see {@code GovernedNl2Sql}).
 */
public final class Nl2Sql {

    private final OfflineTranslator translator;
    private final ValueIndex values;

    public Nl2Sql(Ignite ignite, TableVersions versions, SemanticAnnotations annotations) {
        this(ignite, versions, annotations, null);
    }

    /** With {@code fuzzy} (may be null), words that name nothing as written link by meaning. */
    public Nl2Sql(Ignite ignite, TableVersions versions, SemanticAnnotations annotations, NameEmbeddings fuzzy) {
        this.translator = new OfflineTranslator(annotations, Clock.systemUTC(), fuzzy);
        this.values = new ValueIndex(ignite, versions, Clock.systemUTC());
    }

    /** Translates {@code question}; only values of columns {@code linkable} accepts are matched in the data. */
    public Translation translate(String question, Catalog catalog, Predicate<ColumnRef> linkable) {
        return translator.translate(question, catalog, values.lookup(catalog), linkable);
    }
}
