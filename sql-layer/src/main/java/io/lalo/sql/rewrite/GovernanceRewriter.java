package io.lalo.sql.rewrite;

import io.lalo.sql.validate.SqlValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.config.Lex;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.ignite.internal.processors.query.calcite.sql.generated.IgniteSqlParserImpl;

/**
 * The governance rewrite: every reference to a governed table — in the outer query, a join, a subquery, a CTE, a
 * set operation — is replaced by a derived table that selects the table's columns through their masks and keeps
 * only the rows its filters pass, under the same name or alias. Whatever the statement then does with the table
 * (select star, expressions, joins, grouping, ordering) it does with the governed view, so a masked value or a
 * filtered row cannot come out by another path. The result is unparsed to SQL for Ignite to run.
 */
public final class GovernanceRewriter {

    private static final SqlParser.Config PARSER = SqlParser.config()
            .withParserFactory(IgniteSqlParserImpl.FACTORY)
            .withLex(Lex.ORACLE)
            .withConformance(SqlConformanceEnum.DEFAULT);

    private final Map<String, TableView> views;

    private GovernanceRewriter(Map<String, TableView> views) {
        this.views = views;
    }

    /** The statement with each table in {@code views} (keyed by upper-case name) replaced by its view. */
    public static String rewrite(String sql, Map<String, TableView> views) {
        if (views.isEmpty()) {
            return sql;
        }
        try {
            SqlNode query = SqlParser.create(sql, PARSER).parseQuery();
            SqlNode rewritten = new GovernanceRewriter(views).query(query);
            return rewritten.toSqlString(c -> c.withDialect(CalciteSqlDialect.DEFAULT).withQuoteAllIdentifiers(true))
                    .getSql();
        } catch (SqlParseException e) {
            throw new SqlValidationException(e.getMessage(), 0, 0);
        }
    }

    /** Rewrites a query expression wherever it appears. */
    private SqlNode query(SqlNode node) {
        if (node == null) {
            return null;
        }
        if (node instanceof SqlSelect select) {
            select.setFrom(from(select.getFrom()));
            select.setSelectList((SqlNodeList) expressions(select.getSelectList()));
            select.setWhere(expressions(select.getWhere()));
            select.setHaving(expressions(select.getHaving()));
            return select;
        }
        if (node instanceof SqlOrderBy orderBy) {
            return new SqlOrderBy(orderBy.getParserPosition(), query(orderBy.query), orderBy.orderList,
                    orderBy.offset, orderBy.fetch);
        }
        if (node instanceof SqlWith with) {
            for (SqlNode item : with.withList) {
                SqlWithItem withItem = (SqlWithItem) item;
                withItem.query = query(withItem.query);
            }
            with.body = query(with.body);
            return with;
        }
        if (node instanceof SqlCall call && (call.getKind() == SqlKind.UNION || call.getKind() == SqlKind.INTERSECT
                || call.getKind() == SqlKind.EXCEPT)) {
            for (int i = 0; i < call.operandCount(); i++) {
                call.setOperand(i, query(call.operand(i)));
            }
            return call;
        }
        return node;
    }

    /** Rewrites a FROM item: a table (aliased or not), a join, or a derived table. */
    private SqlNode from(SqlNode node) {
        if (node == null) {
            return null;
        }
        if (node instanceof SqlIdentifier table) {
            TableView view = views.get(last(table));
            return view == null ? table : as(view(view), last(table));
        }
        if (node instanceof SqlJoin join) {
            join.setLeft(from(join.getLeft()));
            join.setRight(from(join.getRight()));
            join.setOperand(5, expressions(join.getCondition()));
            return join;
        }
        if (node instanceof SqlBasicCall call && call.getKind() == SqlKind.AS) {
            SqlNode source = call.operand(0);
            if (source instanceof SqlIdentifier table) {
                TableView view = views.get(last(table));
                if (view != null) {
                    call.setOperand(0, view(view));
                }
            } else {
                call.setOperand(0, query(source));
            }
            return call;
        }
        return query(node);
    }

    /** Rewrites subqueries inside expressions ({@code IN}, {@code EXISTS}, scalar subqueries). */
    private SqlNode expressions(SqlNode node) {
        if (node == null) {
            return null;
        }
        if (node instanceof SqlSelect || node instanceof SqlOrderBy || node instanceof SqlWith) {
            return query(node);
        }
        if (node instanceof SqlNodeList list) {
            for (int i = 0; i < list.size(); i++) {
                list.set(i, expressions(list.get(i)));
            }
            return list;
        }
        if (node instanceof SqlCall call) {
            if (call.getKind() == SqlKind.UNION || call.getKind() == SqlKind.INTERSECT
                    || call.getKind() == SqlKind.EXCEPT) {
                return query(call);
            }
            List<SqlNode> operands = call.getOperandList();
            for (int i = 0; i < operands.size(); i++) {
                SqlNode operand = operands.get(i);
                if (operand != null) {
                    call.setOperand(i, expressions(operand));
                }
            }
        }
        return node;
    }

    private SqlNode view(TableView view) {
        StringBuilder sql = new StringBuilder("SELECT ");
        List<String> columns = new ArrayList<>();
        view.columns().forEach((column, expression) -> columns.add(expression + " AS \"" + column + "\""));
        sql.append(String.join(", ", columns)).append(" FROM \"").append(view.table()).append('"');
        if (!view.predicates().isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", view.predicates().stream().map(p -> "(" + p + ")")
                    .toList()));
        }
        try {
            return SqlParser.create(sql.toString(), PARSER).parseQuery();
        } catch (SqlParseException e) {
            throw new IllegalStateException("governed view of " + view.table() + " does not parse: " + sql, e);
        }
    }

    private static SqlNode as(SqlNode source, String alias) {
        return SqlStdOperatorTable.AS.createCall(SqlParserPos.ZERO, source,
                new SqlIdentifier(alias, SqlParserPos.ZERO));
    }

    private static String last(SqlIdentifier identifier) {
        return identifier.names.get(identifier.names.size() - 1).toUpperCase(Locale.ROOT);
    }
}
