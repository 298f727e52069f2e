package io.lalo.governance;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Compiles policies once, when they are saved or tested: checks the fields, parses and type-checks the CEL
 * condition against the declared variables ({@code principal}, {@code action}, {@code resource}, {@code context})
 * with a bool result, and turns the action and resource globs into patterns. Evaluation then only runs programs.
 */
final class PolicyCompiler {

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("principal", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("action", SimpleType.STRING)
            .addVar("resource", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("context", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .setResultType(SimpleType.BOOL)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9_.:/*{}\\-]{1,256}");
    private static final int MAX_CONDITION = 4_096;

    private PolicyCompiler() {
    }

    static CompiledPolicy compile(Policy policy) {
        if (!Policy.ID.matcher(policy.id()).matches()) {
            throw new PolicyException(policy.id(), "id", "Policy id must be 1-64 lower-case letters, digits, '.', "
                    + "'_' or '-'", 0, 0);
        }
        if (policy.actions().isEmpty()) {
            throw new PolicyException(policy.id(), "actions", "A policy needs at least one action pattern", 0, 0);
        }
        List<Pattern> actions = globs(policy, "actions", policy.actions());
        List<Pattern> resources = globs(policy, "resources", policy.resources());
        if (policy.condition().length() > MAX_CONDITION) {
            throw new PolicyException(policy.id(), "condition", "The condition is longer than " + MAX_CONDITION
                    + " characters", 0, 0);
        }
        CelValidationResult result = COMPILER.compile(policy.condition());
        if (result.hasError()) {
            CelIssue first = result.getAllIssues().get(0);
            throw new PolicyException(policy.id(), "condition", "CEL error: " + first.getMessage(),
                    first.getSourceLocation().getLine(), first.getSourceLocation().getColumn() + 1);
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            return new CompiledPolicy(policy, RUNTIME.createProgram(ast), actions, resources);
        } catch (CelValidationException | CelEvaluationException e) {
            throw new PolicyException(policy.id(), "condition", "CEL error: " + e.getMessage(), 0, 0);
        }
    }

    private static List<Pattern> globs(Policy policy, String field, List<String> globs) {
        return globs.stream().map(glob -> {
            if (!GLOB.matcher(glob).matches()) {
                throw new PolicyException(policy.id(), field, "Invalid pattern '" + glob + "' in " + field, 0, 0);
            }
            return Pattern.compile(Pattern.quote(glob).replace("*", "\\E.*\\Q"));
        }).toList();
    }

    /** A policy ready to evaluate. */
    record CompiledPolicy(Policy policy, CelRuntime.Program condition, List<Pattern> actions,
                          List<Pattern> resources) {

        boolean covers(String action, String resource) {
            return matchesAny(actions, action) && matchesAny(resources, resource);
        }

        private static boolean matchesAny(List<Pattern> patterns, String value) {
            for (Pattern pattern : patterns) {
                if (pattern.matcher(value).matches()) {
                    return true;
                }
            }
            return false;
        }
    }
}
