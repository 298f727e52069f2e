package io.lalo.sql.validate;

import io.lalo.sql.catalog.Catalog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.calcite.config.Lex;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.ignite.internal.processors.query.calcite.sql.generated.IgniteSqlParserImpl;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.apache.calcite.tools.RelConversionException;
import org.apache.calcite.tools.ValidationException;

/**
 * Parse and validate, the first two stages every statement goes through: exactly one statement, parsed with
 * Ignite's lexical rules (unquoted names upper-case, double-quoted names as written), validated against the
 * catalog, and for queries converted to a relational tree to find every table it reads — however deeply nested in
 * subqueries or joins. DML and DDL are parsed and classified; Ignite validates them when it runs them.
 */
public final class SqlStatementValidator {

    /** Ignite's own grammar (its DDL included) with Ignite's lexical rules, so what validates here runs there. */
    private static final SqlParser.Config PARSER = SqlParser.config()
            .withParserFactory(IgniteSqlParserImpl.FACTORY)
            .withLex(Lex.ORACLE)
            .withConformance(SqlConformanceEnum.DEFAULT);

    private static final Pattern TRAILING_SEMICOLONS = Pattern.compile("[;\\s]+$");

    private SqlStatementValidator() {
    }

    public static ValidatedStatement validate(String sql, Catalog catalog) {
        Planner planner = Frameworks.getPlanner(framework(catalog));
        try {
            // Parsed once, by the planner; only a text that is not one statement is parsed again, for its message.
            SqlNode node;
            try {
                node = planner.parse(TRAILING_SEMICOLONS.matcher(sql).replaceFirst(""));
            } catch (SqlParseException e) {
                requireOneStatement(sql);
                throw parseError(e);
            }
            StatementKind kind = StatementKind.of(node.getKind());
            if (kind != StatementKind.QUERY) {
                return new ValidatedStatement(sql, kind, targetTables(node), "", List.of(), false, List.of());
            }
            SqlNode validated = planner.validate(node);
            RelRoot root = planner.rel(validated);
            Set<String> tables = new LinkedHashSet<>();
            collectTables(root.rel, tables);
            List<String> types = root.validatedRowType.getFieldList().stream()
                    .map(field -> field.getType().getSqlTypeName().getName())
                    .toList();
            return new ValidatedStatement(sql, kind, tables, RelOptUtil.toString(root.rel), types,
                    deterministic(root.rel), parameterTypes(root.rel));
        } catch (ValidationException e) {
            throw validationError(e);
        } catch (RelConversionException e) {
            throw new SqlValidationException(e.getMessage(), 0, 0);
        } finally {
            planner.close();
        }
    }

    /** Every table the tree scans, including inside subqueries kept as expressions ({@code IN}, {@code EXISTS}). */
    private static void collectTables(RelNode rel, Set<String> tables) {
        if (rel instanceof TableScan scan) {
            List<String> names = scan.getTable().getQualifiedName();
            tables.add(names.get(names.size() - 1));
        }
        rel.accept(new RexShuttle() {
            @Override
            public RexNode visitSubQuery(RexSubQuery subQuery) {
                collectTables(subQuery.rel, tables);
                return super.visitSubQuery(subQuery);
            }
        });
        for (RelNode input : rel.getInputs()) {
            collectTables(input, tables);
        }
    }

    /** The framework of the last catalog snapshot seen: snapshots change at most once a second, statements often. */
    private static volatile CatalogFramework lastFramework;

    private record CatalogFramework(Catalog catalog, FrameworkConfig config) {
    }

    private static FrameworkConfig framework(Catalog catalog) {
        CatalogFramework cached = lastFramework;
        if (cached != null && cached.catalog() == catalog) {
            return cached.config();
        }
        FrameworkConfig config = Frameworks.newConfigBuilder()
                .parserConfig(PARSER)
                .defaultSchema(CatalogSchema.of(catalog))
                .sqlToRelConverterConfig(SqlToRelConverter.config().withExpand(false))
                .build();
        lastFramework = new CatalogFramework(catalog, config);
        return config;
    }

    /** The inferred SQL type of each {@code ?}, by position ("ANY" where Calcite could not tell). */
    private static List<String> parameterTypes(RelNode root) {
        SortedMap<Integer, String> found = new TreeMap<>();
        collectParameters(root, found);
        List<String> types = new ArrayList<>();
        for (int i = 0; found.containsKey(i) || i <= (found.isEmpty() ? -1 : found.lastKey()); i++) {
            types.add(found.getOrDefault(i, "ANY"));
        }
        return types;
    }

    private static void collectParameters(RelNode rel, Map<Integer, String> found) {
        rel.accept(new RexShuttle() {
            @Override
            public RexNode visitDynamicParam(RexDynamicParam parameter) {
                found.putIfAbsent(parameter.getIndex(), parameter.getType().getSqlTypeName().getName());
                return parameter;
            }

            @Override
            public RexNode visitSubQuery(RexSubQuery subQuery) {
                collectParameters(subQuery.rel, found);
                return super.visitSubQuery(subQuery);
            }
        });
        for (RelNode input : rel.getInputs()) {
            collectParameters(input, found);
        }
    }

    /** True when no expression anywhere in the tree reads the clock, a random source or other changing state. */
    private static boolean deterministic(RelNode rel) {
        boolean[] deterministic = {true};
        rel.accept(new RexShuttle() {
            @Override
            public RexNode visitCall(RexCall call) {
                if (!call.getOperator().isDeterministic() || call.getOperator().isDynamicFunction()) {
                    deterministic[0] = false;
                }
                return super.visitCall(call);
            }

            @Override
            public RexNode visitSubQuery(RexSubQuery subQuery) {
                deterministic[0] &= deterministic(subQuery.rel);
                return super.visitSubQuery(subQuery);
            }
        });
        for (RelNode input : rel.getInputs()) {
            deterministic[0] &= deterministic(input);
        }
        return deterministic[0];
    }

    /** The table a DML statement writes (upper-case as Ignite resolves unquoted names); empty for DDL. */
    private static Set<String> targetTables(SqlNode statement) {
        SqlNode target = switch (statement.getKind()) {
            case INSERT -> ((SqlInsert) statement).getTargetTable();
            case UPDATE -> ((SqlUpdate) statement).getTargetTable();
            case DELETE -> ((SqlDelete) statement).getTargetTable();
            case MERGE -> ((SqlMerge) statement).getTargetTable();
            default -> null;
        };
        if (target instanceof SqlCall call && call.getKind() == SqlKind.AS) {
            target = call.operand(0);
        }
        if (target instanceof SqlIdentifier identifier) {
            List<String> names = identifier.names;
            return Set.of(names.get(names.size() - 1));
        }
        return Set.of();
    }

    /** Throws the clear "exactly one statement" message when {@code sql} holds several statements. */
    private static void requireOneStatement(String sql) {
        try {
            SqlNodeList statements = SqlParser.create(sql, PARSER).parseStmtList();
            if (statements.size() != 1) {
                throw new SqlValidationException("Send exactly one statement (found " + statements.size() + ")",
                        0, 0);
            }
        } catch (SqlParseException e) {
            throw parseError(e);
        }
    }

    private static SqlValidationException parseError(SqlParseException e) {
        var position = e.getPos();
        String message = e.getMessage() == null ? "Syntax error" : e.getMessage().lines().findFirst().orElse("");
        return new SqlValidationException(message, position == null ? 0 : position.getLineNum(),
                position == null ? 0 : position.getColumnNum());
    }

    private static SqlValidationException validationError(ValidationException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CalciteContextException context) {
                return new SqlValidationException(context.getCause() == null ? context.getMessage()
                        : context.getCause().getMessage(), context.getPosLine(), context.getPosColumn());
            }
        }
        return new SqlValidationException(e.getMessage(), 0, 0);
    }
}
