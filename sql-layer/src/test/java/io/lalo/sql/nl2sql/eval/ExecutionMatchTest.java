package io.lalo.sql.nl2sql.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionMatchTest {

    @Test
    void multisets_compareWithoutOrder_unlessTheGoldOrders() {
        List<List<?>> gold = List.of(List.of("a", 1), List.of("b", 2));
        List<List<?>> swapped = List.of(List.of("b", 2), List.of("a", 1));
        assertThat(ExecutionMatch.same(gold, swapped, false)).isTrue();
        assertThat(ExecutionMatch.same(gold, swapped, true)).isFalse();
        assertThat(ExecutionMatch.same(gold, List.of(List.of("a", 1), List.of("a", 1)), false)).isFalse();
        assertThat(ExecutionMatch.same(gold, List.of(List.of("a", 1)), false)).isFalse();
    }

    @Test
    void columns_mayComeInAnyOrder_andNumbersCompareByValue() {
        List<List<?>> gold = List.of(List.of(new BigDecimal("2.00"), "x"), List.of(3L, "y"));
        assertThat(ExecutionMatch.same(gold, List.of(List.of("x", 2), List.of("y", 3.0)), false)).isTrue();
        assertThat(ExecutionMatch.same(gold, List.of(List.of("x", 2), List.of("y", 4)), false)).isFalse();
        assertThat(ExecutionMatch.same(gold, List.of(List.of("x"), List.of("y")), false)).isFalse();
    }

    @Test
    void goldCategories_followTheSqlShape() {
        assertThat(SpiderEvaluation.category("SELECT a FROM t1 INTERSECT SELECT a FROM t2")).isEqualTo("set-operation");
        assertThat(SpiderEvaluation.category("SELECT a FROM t WHERE b > (SELECT AVG(b) FROM t)")).isEqualTo("nested");
        assertThat(SpiderEvaluation.category("SELECT a, COUNT(*) FROM t GROUP BY a")).isEqualTo("group-by");
        assertThat(SpiderEvaluation.igniteSql("SELECT `t1`.`Name` FROM `ship` AS `t1`"))
                .isEqualTo("SELECT \"T1\".\"NAME\" FROM \"SHIP\" AS \"T1\"");
    }
}
