package io.lalo.governance;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A row filter bound to one principal: the predicate with {@code ?} where the policy referred to the principal
 * ({@code {principal.id}}, {@code {principal.tenant}}, {@code {principal.attributes.region}}) and the values to
 * bind. Values are never spliced into the SQL, so an attribute cannot inject into the query. A filter that refers
 * to an attribute the principal lacks becomes {@code 1 = 0}: no rows, rather than all rows.
 *
 * @param predicate SQL predicate over the table's columns, with {@code ?} parameters
 * @param parameters the values, in order
 */
public record RowFilter(String predicate, List<Object> parameters) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{principal\\.(id|tenant|attributes\\.([A-Za-z0-9_]+))}");
    static final RowFilter NO_ROWS = new RowFilter("1 = 0", List.of());

    public RowFilter {
        parameters = List.copyOf(parameters);
    }

    /** Binds {@code filter} (as written in a policy's obligations) to {@code principal}. */
    public static RowFilter bind(String filter, Principal principal) {
        Matcher m = PLACEHOLDER.matcher(filter);
        StringBuilder predicate = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "id" -> principal.id();
                case "tenant" -> principal.tenant();
                default -> principal.attributes().get(m.group(2));
            };
            if (value == null) {
                return NO_ROWS;
            }
            parameters.add(value);
            m.appendReplacement(predicate, "?");
        }
        m.appendTail(predicate);
        return new RowFilter(predicate.toString(), parameters);
    }
}
