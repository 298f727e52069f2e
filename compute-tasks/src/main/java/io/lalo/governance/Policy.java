package io.lalo.governance;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One governance policy, Cedar-style: an effect, the actions and resources it covers (glob patterns, {@code *}
 * matching any run of characters), and a CEL condition over {@code principal}, {@code action}, {@code resource}
 * and {@code context} that must be true for it to apply. An allowing policy may attach {@link Obligations}.
 *
 * @param id stable identifier, e.g. {@code analysts-read-sales}
 * @param description what it is for, in words
 * @param effect allow or deny
 * @param actions action patterns, e.g. {@code sql.select}, {@code admin.*}
 * @param resources resource patterns over {@code type:name}, e.g. {@code table:ORDERS}, {@code table:*}
 * @param condition CEL expression of type bool, e.g. {@code 'analyst' in principal.roles}
 * @param obligations what an allow carries (ignored for deny)
 * @param enabled a disabled policy is kept but never applies
 */
public record Policy(String id, String description, Effect effect, List<String> actions, List<String> resources,
                     String condition, Obligations obligations, boolean enabled) {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public Policy {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(effect, "effect");
        description = description == null ? "" : description;
        actions = List.copyOf(actions);
        resources = resources == null || resources.isEmpty() ? List.of("*") : List.copyOf(resources);
        condition = condition == null || condition.isBlank() ? "true" : condition;
        obligations = obligations == null ? Obligations.NONE : obligations;
    }
}
