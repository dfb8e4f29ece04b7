package mapillary.archive.testkit.ia;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The subset of IA's Lucene query syntax the fake understands: {@code field:value}, {@code field:"quoted value"},
 * {@code field:*} (has the field), globs ({@code field:mapillary-*}), {@code AND}, {@code OR}, {@code NOT} (upper case, as in Lucene) and
 * parentheses; juxtaposed terms are ANDed. Matching is case-insensitive; a list field matches if any element does.
 * Anything else is a {@link IllegalArgumentException} whose message the fake returns as {@code {"error": ...}}.
 */
final class ScrapeQuery {

    /** A compiled query: does the item whose fields {@code lookup} returns match? */
    interface Node {
        boolean matches(Function<String, JsonNode> lookup);
    }

    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_.\\-]+");

    private final List<String> tokens;
    private int pos;

    private ScrapeQuery(List<String> tokens) {
        this.tokens = tokens;
    }

    static Node parse(String q) {
        if (q == null || q.isBlank()) {
            throw new IllegalArgumentException("No query provided (q is required)");
        }
        ScrapeQuery p = new ScrapeQuery(tokenize(q));
        Node n = p.or();
        if (p.pos < p.tokens.size()) {
            throw new IllegalArgumentException("Unexpected '" + p.tokens.get(p.pos) + "' in query: " + q);
        }
        return n;
    }

    private Node or() {
        Node left = and();
        while (peek("OR")) {
            pos++;
            Node a = left;
            Node b = and();
            left = l -> a.matches(l) || b.matches(l);
        }
        return left;
    }

    private Node and() {
        Node left = unary();
        while (pos < tokens.size() && !peek("OR") && !peek(")")) {
            if (peek("AND")) {
                pos++;
            }
            Node a = left;
            Node b = unary();
            left = l -> a.matches(l) && b.matches(l);
        }
        return left;
    }

    private Node unary() {
        if (pos >= tokens.size()) {
            throw new IllegalArgumentException("Query ends where a term was expected");
        }
        String t = tokens.get(pos++);
        if (t.equals("NOT")) {
            Node n = unary();
            return l -> !n.matches(l);
        }
        if (t.equals("(")) {
            Node n = or();
            if (!peek(")")) {
                throw new IllegalArgumentException("Missing ')' in query");
            }
            pos++;
            return n;
        }
        if (t.equals(")") || t.equals("AND") || t.equals("OR")) {
            throw new IllegalArgumentException("Unexpected '" + t + "' in query");
        }
        return term(t);
    }

    private boolean peek(String s) {
        return pos < tokens.size() && tokens.get(pos).equals(s);
    }

    private static Node term(String t) {
        int colon = unescapedColon(t);
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("Unsupported query term '" + t + "' (expected field:value)");
        }
        String field = t.substring(0, colon);
        if (!FIELD.matcher(field).matches()) {
            throw new IllegalArgumentException("Bad field name '" + field + "' in query");
        }
        String raw = t.substring(colon + 1);
        if (raw.equals("*")) {
            return l -> present(l.apply(field));
        }
        Pattern p;
        if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
            p = Pattern.compile(Pattern.quote(unescape(raw.substring(1, raw.length() - 1))),
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } else {
            p = glob(raw);
        }
        return l -> anyMatches(l.apply(field), p);
    }

    private static boolean present(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return false;
        }
        if (n.isArray()) {
            return !n.isEmpty();
        }
        return !n.isTextual() || !n.asText().isEmpty();
    }

    private static boolean anyMatches(JsonNode n, Pattern p) {
        if (n == null || n.isNull()) {
            return false;
        }
        if (n.isArray()) {
            for (JsonNode e : n) {
                if (anyMatches(e, p)) {
                    return true;
                }
            }
            return false;
        }
        return !n.isContainerNode() && p.matcher(n.asText()).matches();
    }

    private static Pattern glob(String raw) {
        StringBuilder re = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                lit.append(raw.charAt(++i));
            } else if (c == '*' || c == '?') {
                if (!lit.isEmpty()) {
                    re.append(Pattern.quote(lit.toString()));
                    lit.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                lit.append(c);
            }
        }
        if (!lit.isEmpty()) {
            re.append(Pattern.quote(lit.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                c = s.charAt(++i);
            }
            b.append(c);
        }
        return b.toString();
    }

    private static int unescapedColon(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ':') {
                return i;
            } else if (c == '"') {
                return -1;
            }
        }
        return -1;
    }

    private static List<String> tokenize(String q) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < q.length()) {
            char c = q.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(String.valueOf(c));
                i++;
            } else {
                StringBuilder b = new StringBuilder();
                boolean quoted = false;
                while (i < q.length()) {
                    c = q.charAt(i);
                    if (!quoted && (Character.isWhitespace(c) || c == '(' || c == ')')) {
                        break;
                    }
                    if (c == '\\' && i + 1 < q.length()) {
                        b.append(c).append(q.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    if (c == '"') {
                        quoted = !quoted;
                    }
                    b.append(c);
                    i++;
                }
                if (quoted) {
                    throw new IllegalArgumentException("Unterminated quote in query");
                }
                out.add(b.toString());
            }
        }
        return out;
    }
}
