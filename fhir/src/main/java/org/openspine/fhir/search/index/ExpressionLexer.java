package org.openspine.fhir.search.index;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a FHIRPath expression into tokens: identifiers (plain, {@code `quoted`} or
 * {@code %resource}), string literals, integers and the symbols {@code . ( ) [ ] | = != ,}.
 */
final class ExpressionLexer {

    private static final String SINGLE_SYMBOLS = ".()[]|=,";

    private ExpressionLexer() {
    }

    /**
     * @return the tokens, ending with one of kind {@link Kind#END}
     * @throws UnsupportedExpressionException on a character outside that vocabulary or an unclosed quote
     */
    static List<Token> tokens(String expression) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_' || c == '%') {
                int end = i + 1;
                while (end < expression.length() && isIdentifierPart(expression.charAt(end))) {
                    end++;
                }
                tokens.add(new Token(Kind.IDENTIFIER, expression.substring(i, end), i));
                i = end;
            } else if (c == '`' || c == '\'') {
                int end = closing(expression, i);
                String text = unescape(expression.substring(i + 1, end));
                tokens.add(new Token(c == '`' ? Kind.IDENTIFIER : Kind.STRING, text, i));
                i = end + 1;
            } else if (Character.isDigit(c)) {
                int end = i + 1;
                while (end < expression.length() && Character.isDigit(expression.charAt(end))) {
                    end++;
                }
                tokens.add(new Token(Kind.INTEGER, expression.substring(i, end), i));
                i = end;
            } else if (c == '!' && expression.startsWith("!=", i)) {
                tokens.add(new Token(Kind.SYMBOL, "!=", i));
                i += 2;
            } else if (SINGLE_SYMBOLS.indexOf(c) >= 0) {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), i));
                i++;
            } else {
                throw new UnsupportedExpressionException("unexpected '" + c + "' at " + i);
            }
        }
        tokens.add(new Token(Kind.END, "", expression.length()));
        return tokens;
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static int closing(String expression, int open) {
        char quote = expression.charAt(open);
        for (int i = open + 1; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        throw new UnsupportedExpressionException("unclosed " + quote + " at " + open);
    }

    /**
     * FHIRPath escapes: a backslash and n, r, t, f, or u with four hex digits; a backslash before
     * anything else stands for that character.
     */
    private static String unescape(String quoted) {
        if (quoted.indexOf('\\') < 0) {
            return quoted;
        }
        StringBuilder text = new StringBuilder(quoted.length());
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length()) {
                c = quoted.charAt(++i);
                switch (c) {
                    case 'n' -> c = '\n';
                    case 'r' -> c = '\r';
                    case 't' -> c = '\t';
                    case 'f' -> c = '\f';
                    case 'u' -> {
                        if (i + 4 >= quoted.length()) {
                            throw new UnsupportedExpressionException("short \\u escape in '" + quoted + "'");
                        }
                        try {
                            c = (char) Integer.parseInt(quoted.substring(i + 1, i + 5), 16);
                        } catch (NumberFormatException e) {
                            throw new UnsupportedExpressionException("bad \\u escape in '" + quoted + "': " + e.getMessage());
                        }
                        i += 4;
                    }
                    default -> { } // \' \` \\ \/ \" stand for themselves
                }
            }
            text.append(c);
        }
        return text.toString();
    }

    /** What a token is. */
    enum Kind {
        IDENTIFIER, STRING, INTEGER, SYMBOL, END
    }

    /**
     * One token.
     *
     * @param text     the identifier or literal without quotes, or the symbol
     * @param position where it starts in the expression, for messages
     */
    record Token(Kind kind, String text, int position) {

        boolean is(String symbolOrWord) {
            return (kind == Kind.SYMBOL || kind == Kind.IDENTIFIER) && text.equals(symbolOrWord);
        }
    }
}
