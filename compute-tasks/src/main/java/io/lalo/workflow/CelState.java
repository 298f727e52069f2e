package io.lalo.workflow;

import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CEL over a workflow's state: expressions see one variable, {@code state} (a map of the channels). Conditions
 * must be bool; transform expressions may yield any value. State values are given to CEL in its own numeric
 * types (whole numbers as long, others as double), the way JSON state arrives.
 */
final class CelState {

    private static final CelCompiler CONDITIONS = compiler(SimpleType.BOOL);
    private static final CelCompiler EXPRESSIONS = compiler(SimpleType.DYN);
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private CelState() {
    }

    private static CelCompiler compiler(CelType result) {
        return CelCompilerFactory.standardCelCompilerBuilder()
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar("state", MapType.create(SimpleType.STRING, SimpleType.DYN))
                .setResultType(result)
                .build();
    }

    /** A compiled program, or the first CEL error as a message. */
    record Compiled(CelRuntime.Program program, String error) {
    }

    static Compiled condition(String source) {
        return compile(CONDITIONS, source);
    }

    static Compiled expression(String source) {
        return compile(EXPRESSIONS, source);
    }

    private static Compiled compile(CelCompiler compiler, String source) {
        CelValidationResult result = compiler.compile(source);
        if (result.hasError()) {
            var issue = result.getAllIssues().get(0);
            return new Compiled(null, "CEL error at " + issue.getSourceLocation().getLine() + ":"
                    + (issue.getSourceLocation().getColumn() + 1) + ": " + issue.getMessage());
        }
        try {
            return new Compiled(RUNTIME.createProgram(result.getAst()), null);
        } catch (Exception e) {
            return new Compiled(null, "CEL error: " + e.getMessage());
        }
    }

    static Object evaluate(CelRuntime.Program program, Map<String, Object> state) {
        try {
            return program.eval(Map.of("state", normalise(state)));
        } catch (CelEvaluationException e) {
            throw new IllegalStateException("CEL evaluation failed: " + e.getMessage(), e);
        }
    }

    /** Whole numbers as long and fractions as double, in nested lists and maps too. */
    static Object normalise(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, normalise(v)));
            return out;
        }
        if (value instanceof Collection<?> items) {
            List<Object> out = new ArrayList<>(items.size());
            items.forEach(item -> out.add(normalise(item)));
            return out;
        }
        return value;
    }
}
