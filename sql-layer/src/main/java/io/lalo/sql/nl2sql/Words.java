package io.lalo.sql.nl2sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits questions and identifiers into comparable words. A question becomes tokens (words, numbers, quoted
 * literals, comparison symbols, punctuation — which ends a phrase); an identifier such as {@code CountryName} or {@code ORDER_LINES} becomes its words.
 * Words are compared by {@link #stem}: lower case, singular, so "Cities" meets {@code CITY}.
 */
public final class Words {

    /** What a token is. */
    public enum Kind { WORD, NUMBER, QUOTED, SYMBOL, PUNCTUATION }

    /** One token: its kind, the text as written (without quotes), and for words the stem. */
    public record Token(Kind kind, String text, String stem) {

        boolean is(String... stems) {
            for (String candidate : stems) {
                if (kind == Kind.WORD && stem.equals(candidate)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final Pattern TOKEN = Pattern.compile(
            "(?<q1>(?<![A-Za-z])'([^']*)')|\"(?<q2>[^\"]*)\"|(?<num>-?\\d+(?:\\.\\d+)?)"
                    + "|(?<word>[A-Za-z][A-Za-z0-9]*(?:'[a-z]+)?)|(?<sym>>=|<=|<>|!=|>|<|=)|(?<punct>[,:;.?!()])");
    private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");
    private static final Map<String, String> IRREGULAR = Map.ofEntries(
            Map.entry("people", "person"), Map.entry("children", "child"), Map.entry("men", "man"),
            Map.entry("women", "woman"), Map.entry("data", "data"), Map.entry("series", "series"),
            Map.entry("news", "news"), Map.entry("analyses", "analysis"), Map.entry("statuses", "status"),
            Map.entry("indices", "index"), Map.entry("mice", "mouse"), Map.entry("feet", "foot"),
            Map.entry("ids", "id"));
    /** Abbreviations common in column names, read as the words they stand for. */
    private static final Map<String, String> ABBREVIATIONS = Map.ofEntries(
            Map.entry("no", "number"), Map.entry("num", "number"), Map.entry("nbr", "number"),
            Map.entry("qty", "quantity"), Map.entry("amt", "amount"), Map.entry("desc", "description"),
            Map.entry("addr", "address"), Map.entry("dept", "department"), Map.entry("pct", "percent"),
            Map.entry("avg", "average"), Map.entry("yr", "year"), Map.entry("dob", "birthday"));
    private static final Map<String, String> NUMBER_WORDS = Map.ofEntries(Map.entry("one", "1"),
            Map.entry("two", "2"), Map.entry("three", "3"), Map.entry("four", "4"), Map.entry("five", "5"),
            Map.entry("six", "6"), Map.entry("seven", "7"), Map.entry("eight", "8"), Map.entry("nine", "9"),
            Map.entry("ten", "10"), Map.entry("twenty", "20"), Map.entry("hundred", "100"));

    private Words() {
    }

    public static List<Token> tokenize(String question) {
        List<Token> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(question);
        while (m.find()) {
            if (m.group("q1") != null) {
                tokens.add(new Token(Kind.QUOTED, m.group(2), m.group(2).toLowerCase(Locale.ROOT)));
            } else if (m.group("q2") != null) {
                tokens.add(new Token(Kind.QUOTED, m.group("q2"), m.group("q2").toLowerCase(Locale.ROOT)));
            } else if (m.group("num") != null) {
                tokens.add(new Token(Kind.NUMBER, m.group("num"), m.group("num")));
            } else if (m.group("word") != null) {
                String word = m.group("word");
                String lower = word.toLowerCase(Locale.ROOT);
                String previous = tokens.isEmpty() ? "" : tokens.get(tokens.size() - 1).text().toLowerCase(Locale.ROOT);
                boolean afterNumberAnd = previous.equals("and") && tokens.size() >= 2
                        && tokens.get(tokens.size() - 2).kind() == Kind.NUMBER;
                if (NUMBER_WORDS.containsKey(lower) && (afterNumberAnd || Set.of("than", "least", "most", "exactly",
                        "top", "first", "last", "between", "either").contains(previous))) {
                    tokens.add(new Token(Kind.NUMBER, NUMBER_WORDS.get(lower), NUMBER_WORDS.get(lower)));
                } else if (lower.endsWith("n't")) {
                    tokens.add(new Token(Kind.WORD, word, stem(lower.substring(0, lower.length() - 3))));
                    tokens.add(new Token(Kind.WORD, "not", "not"));
                } else {
                    tokens.add(new Token(Kind.WORD, word.replaceAll("'s$", ""), stem(lower)));
                }
            } else if (m.group("sym") != null) {
                tokens.add(new Token(Kind.SYMBOL, m.group("sym"), m.group("sym")));
            } else {
                tokens.add(new Token(Kind.PUNCTUATION, m.group("punct"), m.group("punct")));
            }
        }
        return tokens;
    }

    /**
     * The stems of an identifier's words: {@code CountryName}, {@code country_names} and — since Ignite upper-cases
     * unquoted names — {@code COUNTRYNAME} all give [country, name]: a run-together word is split before a common
     * trailing word (name, id, code, date, …) when at least three letters remain.
     */
    public static List<String> identifier(String name) {
        List<String> stems = new ArrayList<>();
        for (String part : name.split("[_\\s\\-.]+")) {
            String[] words = CAMEL.split(part);
            for (String word : words) {
                if (word.isEmpty()) {
                    continue;
                }
                String lower = word.toLowerCase(Locale.ROOT);
                String suffix = words.length == 1 ? trailingWord(lower) : null;
                if (suffix != null) {
                    String head = lower.substring(0, lower.length() - suffix.length());
                    stems.add(ABBREVIATIONS.getOrDefault(head, stem(head)));
                    lower = suffix;
                }
                stems.add(ABBREVIATIONS.getOrDefault(lower, stem(lower)));
            }
        }
        return stems;
    }

    /** Words that end run-together column names ("fullname", "makeid", "birthdate"). */
    private static final List<String> TRAILING_WORDS = List.of("description", "number", "amount", "status",
            "count", "price", "title", "level", "name", "code", "type", "date", "time", "year", "rank", "size",
            "rate", "age", "id", "no");

    private static String trailingWord(String word) {
        for (String suffix : TRAILING_WORDS) {
            // Short words that end many ordinary words ("discount", "passage") need a longer head.
            int minimumHead = Set.of("count", "age", "rate").contains(suffix) ? 4 : 3;
            if (word.endsWith(suffix) && word.length() - suffix.length() >= minimumHead) {
                return suffix;
            }
        }
        return null;
    }

    /** The stems of free text (a value, a synonym). */
    public static List<String> text(String text) {
        List<String> stems = new ArrayList<>();
        for (Token token : tokenize(text)) {
            stems.add(token.kind() == Kind.WORD ? token.stem() : token.text().toLowerCase(Locale.ROOT));
        }
        return stems;
    }

    /** Lower case and singular, by the regular English rules and a few irregular plurals. */
    public static String stem(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.endsWith("'s")) {
            w = w.substring(0, w.length() - 2);
        }
        String irregular = IRREGULAR.get(w);
        if (irregular != null) {
            return irregular;
        }
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.endsWith("sses") || w.endsWith("uses") && w.length() > 5) {
            return w.substring(0, w.length() - 2);
        }
        if (w.length() > 4 && (w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes") || w.endsWith("zes"))) {
            return w.substring(0, w.length() - 2);
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    /**
     * Other forms a question word may take for a schema word: "priced" → price, "hired" → hire, "selling" → sell,
     * "skus" → sku (the plural rules keep a final "us").
     */
    static List<String> variants(String stem) {
        List<String> forms = new ArrayList<>(List.of(stem));
        if (stem.endsWith("s") && stem.length() > 3) {
            forms.add(stem.substring(0, stem.length() - 1));
        }
        if (stem.endsWith("ed") && stem.length() >= 4) {
            forms.add(stem.substring(0, stem.length() - 1));
            forms.add(stem.substring(0, stem.length() - 2));
        }
        if (stem.endsWith("ing") && stem.length() > 5) {
            forms.add(stem.substring(0, stem.length() - 3));
            forms.add(stem.substring(0, stem.length() - 3) + "e");
        }
        return forms;
    }
}
