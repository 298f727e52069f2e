package io.lalo.sql.nl2sql;

import io.lalo.config.LaloConfig;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.governance.TableAccess;
import io.lalo.llm.LlmUnavailable;
import io.lalo.sql.cache.TableVersions;
import io.lalo.sql.catalog.Catalog;
import io.lalo.resilience.CircuitBreaker;
import io.lalo.sql.catalog.CatalogService;
import io.lalo.sql.catalog.CatalogTable;
import io.lalo.sql.execute.GovernedSql;
import io.lalo.sql.execute.SqlRequest;
import io.lalo.sql.validate.SqlStatementValidator;
import io.lalo.sql.validate.SqlValidationException;
import io.lalo.sql.validate.StatementKind;
import io.lalo.sql.validate.ValidatedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.ignite.Ignite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NL2SQL as callers use it. A question is answered from a verified example when one fits, else by the LLM when
 * one is configured and its circuit is closed (one repair round with the validator's message), else by the offline
 * translator. Whatever the source, the SQL is validated by Calcite against the catalog and authorized table by
 * table for the caller (and audited) before it is returned or run; values are matched only in columns the caller
 * may read unmasked, so a translation never reveals what a mask hides.
 */
public final class GovernedNl2Sql {

    private static final Logger LOG = LoggerFactory.getLogger(GovernedNl2Sql.class);

    /** Below this confidence the offline reading is offered as a candidate, not as the answer. */
    static final double MIN_CONFIDENCE = 0.3;
    private static final int PROMPT_EXAMPLES = 3;

    private final CatalogService catalog;
    private final GovernedSql sql;
    private final Governance governance;
    private final Nl2Sql offline;
    private final SemanticAnnotations annotations;
    private final VerifiedExamples examples;
    private final FeedbackLog feedback;
    private final LlmTranslator llm;
    private final CircuitBreaker llmCircuit = new CircuitBreaker(3, Duration.ofSeconds(30), Clock.systemUTC());

    public GovernedNl2Sql(Ignite ignite, LaloConfig config, CatalogService catalog, GovernedSql sql,
                          Governance governance, TableVersions versions, NameEmbeddings fuzzy) {
        this.catalog = catalog;
        this.sql = sql;
        this.governance = governance;
        this.annotations = SemanticAnnotations.load(config.nl2sql().semanticDir());
        this.offline = new Nl2Sql(ignite, versions, annotations, fuzzy);
        this.examples = new VerifiedExamples(ignite);
        this.feedback = new FeedbackLog(ignite, config.cluster().backups());
        this.llm = config.nl2sql().llmEnabled() ? new LlmTranslator(config.nl2sql()) : null;
    }

    public VerifiedExamples examples() {
        return examples;
    }

    public FeedbackLog feedback() {
        return feedback;
    }

    /** Translates (and with {@code execute}, runs) {@code question} for {@code principal}; blocking. */
    public Nl2SqlAnswer answer(Principal principal, String question, boolean execute, int maxRows, String requestId) {
        Catalog current = catalog.catalog();
        Nl2SqlAnswer answer = translate(principal, question, current);
        if (answer.sql() == null) {
            return answer;
        }
        // The tables the statement really reads, subqueries included, as governance just authorized them.
        answer = answer.withTables(sql.authorize(principal, answer.sql(), requestId).tables());
        if (!execute) {
            return answer;
        }
        return answer.withResult(sql.execute(principal, new SqlRequest(answer.sql(), List.of(), maxRows,
                Duration.ofSeconds(30)), requestId));
    }

    private Nl2SqlAnswer translate(Principal principal, String question, Catalog current) {
        Optional<VerifiedExamples.Adapted> example = examples.adapt(question);
        Check exampleCheck = example.map(adapted -> check(adapted.sql(), current)).orElse(null);
        if (exampleCheck != null && exampleCheck.valid()) {
            return new Nl2SqlAnswer(example.get().sql(), "Answered with the verified example \""
                    + example.get().example().question() + "\"" + (example.get().sql().equals(
                    example.get().example().sql()) ? "." : ", with this question's values."), 0.97,
                    List.copyOf(exampleCheck.statement().tables()), "example", null, null, List.of());
        }
        Predicate<ColumnRef> linkable = readableUnmasked(principal);
        Translation translation = offline.translate(question, current, linkable);
        if (llm != null && llmCircuit.allows()) {
            Optional<Nl2SqlAnswer> fromLlm = askLlm(question, current, translation);
            if (fromLlm.isPresent()) {
                return fromLlm.get();
            }
        }
        if (translation.needsClarification()) {
            return Nl2SqlAnswer.clarify(translation.clarification(), translation.candidates());
        }
        Check offlineCheck = check(translation.sql(), current);
        if (!offlineCheck.valid()) {
            LOG.warn("Offline translation did not validate: {}", offlineCheck.complaint());
            return Nl2SqlAnswer.clarify("The question could not be turned into a valid query. Can you name the "
                    + "table and columns?", current.tables().stream().map(CatalogTable::name).toList());
        }
        if (translation.confidence() < MIN_CONFIDENCE) {
            return Nl2SqlAnswer.clarify("The question is unclear; is this what you mean?",
                    List.of(translation.sql() + " -- " + translation.explanation()));
        }
        return new Nl2SqlAnswer(translation.sql(), translation.explanation(), translation.confidence(),
                translation.tables(), "offline", null, null, List.of());
    }

    /** The LLM's answer after at most one repair round, or empty (and the circuit told) when it fails. */
    private Optional<Nl2SqlAnswer> askLlm(String question, Catalog current, Translation offlineReading) {
        Set<String> linked = offlineReading.needsClarification() ? Set.of() : Set.copyOf(offlineReading.tables());
        String schema = LlmTranslator.schema(current, linked, annotations);
        List<VerifiedExamples.Scored> nearest = examples.nearest(question, PROMPT_EXAMPLES);
        try {
            String candidate = llm.translate(question, schema, nearest, null, null);
            Check checked = check(candidate, current);
            if (!checked.valid()) {
                candidate = llm.translate(question, schema, nearest, candidate, checked.complaint());
                checked = check(candidate, current);
            }
            if (!checked.valid()) {
                llmCircuit.failure();
                LOG.info("LLM SQL did not validate after one repair; answering offline");
                return Optional.empty();
            }
            llmCircuit.success();
            ValidatedStatement statement = checked.statement();
            return Optional.of(new Nl2SqlAnswer(candidate, "Written by the language model " + llm.model()
                    + " from the schema of " + String.join(", ", statement.tables().stream().sorted().toList())
                    + "; validated against the catalog.", 0.8, List.copyOf(statement.tables()), "llm", null, null,
                    List.of()));
        } catch (LlmUnavailable e) {
            llmCircuit.failure();
            LOG.info("LLM unavailable ({}); answering offline", e.getMessage());
            return Optional.empty();
        }
    }

    /** A candidate statement's validation: the validated query, or the validator's complaint. */
    private record Check(ValidatedStatement statement, String complaint) {
        boolean valid() {
            return complaint == null;
        }
    }

    /** Validates {@code candidate} once: valid only when it is one query over the catalog. */
    private static Check check(String candidate, Catalog current) {
        try {
            ValidatedStatement statement = SqlStatementValidator.validate(candidate, current);
            return statement.kind() == StatementKind.QUERY ? new Check(statement, null)
                    : new Check(null, "only a SELECT statement is allowed");
        } catch (SqlValidationException e) {
            return new Check(null, e.getMessage());
        }
    }

    /** Columns whose values the caller may see as they are: tables it may read, columns neither denied nor masked. */
    private Predicate<ColumnRef> readableUnmasked(Principal principal) {
        Map<String, TableAccess> decided = new HashMap<>();
        return column -> {
            TableAccess access = decided.computeIfAbsent(column.table(), table -> governance.tableAccess(principal,
                    "sql.select", table, catalog.catalog().table(table)
                            .map(t -> t.columns().stream().map(c -> c.name()).toList()).orElse(List.of())));
            return access.allowed() && !access.deniedColumns().contains(column.column())
                    && !access.masks().containsKey(column.column());
        };
    }

    /** For tests and the dashboard: whether LLM calls are currently let through. */
    public String llmState() {
        return llm == null ? "off" : llmCircuit.state().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Validates SQL an admin wants to store as a verified example; throws like the validator. */
    public void checkExample(String sqlText) {
        Check checked = check(sqlText, catalog.catalog());
        if (!checked.valid()) {
            throw new SqlValidationException(checked.complaint(), 0, 0);
        }
    }
}
