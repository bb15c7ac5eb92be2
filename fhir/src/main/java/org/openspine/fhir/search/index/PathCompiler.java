package org.openspine.fhir.search.index;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openspine.fhir.search.index.ExpressionLexer.Kind;
import org.openspine.fhir.search.index.ExpressionLexer.Token;

/**
 * Compiles the FHIRPath subset that search parameters use into {@link Path}s over the JSON tree,
 * typed with HAPI's model as it goes: {@code Type.a.b}, unions, parentheses, {@code as}/{@code
 * as()}/{@code ofType()}, {@code [n]}, {@code first()}, {@code where(resolve() is Type)}, {@code
 * where(path = 'text')}, {@code extension('url')}, {@code %resource}, and the one boolean form
 * {@code X.exists() and X != false}.
 *
 * <p>A choice element without a cast ({@code Observation.effective}) becomes one path per allowed
 * type, each reading its own JSON key ({@code effectiveDateTime}, {@code effectivePeriod}, ...), so
 * every path has one static type and the value conversion is chosen once, here, not per write.
 * Thread-safe: each call parses with its own state.
 */
final class PathCompiler {

    private static final Pattern PRESENT_AND_NOT_FALSE =
            Pattern.compile("(.+)\\.exists\\(\\)\\s+and\\s+(.+?)\\s*!=\\s*false");

    private final ElementModel model;

    PathCompiler(ElementModel model) {
        this.model = model;
    }

    /**
     * @param expression the FHIRPath expression
     * @param focus      what the expression starts from: the resource, or a composite's element
     * @param resource   the type of the resource indexed, which {@code %resource} and the root names
     *                   {@code Resource}, {@code DomainResource} and the type's own name stand for
     * @return one path per type the expression can reach; empty when a cast can never match
     * @throws UnsupportedExpressionException when the expression is outside the subset or names an
     *                                        element the type does not have
     */
    List<TypedPath> compile(String expression, ElementType focus, ElementType resource) {
        Matcher flag = PRESENT_AND_NOT_FALSE.matcher(expression.trim());
        if (flag.matches() && flag.group(1).trim().equals(flag.group(2).trim())) {
            List<Path> tested = compile(flag.group(1), focus, resource).stream().map(TypedPath::path).toList();
            return List.of(new TypedPath(new Path.PresentAndNotFalse(tested), model.datatype("boolean")));
        }
        Parser parser = new Parser(ExpressionLexer.tokens(expression), resource);
        List<Branch> branches = parser.union(List.of(new Branch(List.of(), focus)));
        parser.expectEnd();
        return branches.stream().map(b -> new TypedPath(new Path.Steps(b.steps()), b.type())).toList();
    }

    /**
     * A compiled path and the type of the values it reaches.
     */
    record TypedPath(Path path, ElementType type) {
    }

    /** A path under construction: the steps so far and the type they reach. */
    private record Branch(List<Step> steps, ElementType type) {

        Branch then(Step step, ElementType next) {
            List<Step> longer = new ArrayList<>(steps);
            longer.add(step);
            return new Branch(List.copyOf(longer), next);
        }
    }

    /**
     * Recursive descent over one expression's tokens, with FHIRPath's precedence: {@code .} and
     * {@code []} bind tightest, then {@code as}, then {@code |}.
     */
    private final class Parser {

        private final List<Token> tokens;
        private final ElementType resource;
        private int position;

        Parser(List<Token> tokens, ElementType resource) {
            this.tokens = tokens;
            this.resource = resource;
        }

        List<Branch> union(List<Branch> focus) {
            List<Branch> result = new ArrayList<>(typeExpression(focus));
            while (accept("|")) {
                result.addAll(typeExpression(focus));
            }
            return result;
        }

        void expectEnd() {
            if (peek().kind() != Kind.END) {
                throw unexpected();
            }
        }

        private List<Branch> typeExpression(List<Branch> focus) {
            List<Branch> branches = chain(focus);
            while (accept("as")) {
                branches = cast(branches, typeName());
            }
            return branches;
        }

        private List<Branch> chain(List<Branch> focus) {
            List<Branch> branches = term(focus);
            while (true) {
                if (accept(".")) {
                    branches = invocation(branches);
                } else if (accept("[")) {
                    Token index = next(Kind.INTEGER);
                    expect("]");
                    if (index.text().length() > 9) {
                        throw new UnsupportedExpressionException("index " + index.text() + " out of range");
                    }
                    branches = index(branches, Integer.parseInt(index.text()));
                } else {
                    return branches;
                }
            }
        }

        private List<Branch> term(List<Branch> focus) {
            if (accept("(")) {
                List<Branch> inner = union(focus);
                expect(")");
                return inner;
            }
            Token name = peek();
            if (name.kind() == Kind.IDENTIFIER && name.text().equals("%resource")) {
                position++;
                return List.of(new Branch(List.of(new Step.Root()), resource));
            }
            if (name.kind() == Kind.IDENTIFIER && !name.text().isEmpty() && Character.isUpperCase(name.text().charAt(0))
                    && !tokens.get(position + 1).is("(")) {
                position++;
                return typeRoot(name.text(), focus);
            }
            return invocation(focus);
        }

        /** {@code Observation.code}: the leading type name filters the focus, which is always of that type here. */
        private List<Branch> typeRoot(String name, List<Branch> focus) {
            for (Branch branch : focus) {
                boolean any = name.equals("Resource") || name.equals("DomainResource");
                if (!branch.type().name().equals(name) && !(any && model.resourceTypes().contains(branch.type().name()))) {
                    throw new UnsupportedExpressionException("expression rooted at " + name + " applied to "
                            + branch.type().name());
                }
            }
            return focus;
        }

        private List<Branch> invocation(List<Branch> branches) {
            Token name = next(Kind.IDENTIFIER);
            if (!accept("(")) {
                return children(branches, name.text());
            }
            List<Branch> result = switch (name.text()) {
                case "where" -> where(branches);
                case "as", "ofType" -> cast(branches, typeName());
                case "extension" -> extension(branches, next(Kind.STRING).text());
                case "first" -> index(branches, 0);
                default -> throw new UnsupportedExpressionException("function " + name.text() + "() at " + name.position());
            };
            expect(")");
            return result;
        }

        private List<Branch> children(List<Branch> branches, String name) {
            List<Branch> result = new ArrayList<>();
            for (Branch branch : branches) {
                if (branch.type().definition() == null) {
                    throw new UnsupportedExpressionException("'" + name
                            + "' of a resource of unknown type (cast it with ofType)");
                }
                for (ElementModel.JsonKey key : model.keys(branch.type(), name)) {
                    result.add(branch.then(new Step.Child(key.key()), key.type()));
                }
            }
            if (result.isEmpty() && !branches.isEmpty()) {
                throw new UnsupportedExpressionException("no element '" + name + "' in "
                        + branches.stream().map(b -> b.type().name()).distinct().toList());
            }
            return result;
        }

        private List<Branch> cast(List<Branch> branches, String type) {
            List<Branch> result = new ArrayList<>();
            for (Branch branch : branches) {
                if (branch.type().definition() == null && model.resourceTypes().contains(type)) {
                    result.add(branch.then(new Step.OfResourceType(type), model.resource(type)));
                } else if (model.isA(branch.type(), type)) {
                    result.add(branch);
                }
            }
            return result;
        }

        private List<Branch> index(List<Branch> branches, int index) {
            if (branches.size() > 1) {
                // each branch holds one type's values; an index over their union has no per-branch meaning
                throw new UnsupportedExpressionException("index over values of several types");
            }
            return branches.stream().map(b -> b.then(new Step.Index(index), b.type())).toList();
        }

        private List<Branch> extension(List<Branch> branches, String url) {
            Path urlPath = new Path.Steps(List.of(new Step.Child("url")));
            Condition hasUrl = new Condition.Equals(List.of(urlPath), url);
            return children(branches, "extension").stream()
                    .map(b -> b.then(new Step.Where(hasUrl), b.type()))
                    .toList();
        }

        /** Parses the argument once per branch, since its paths are typed from the branch's type. */
        private List<Branch> where(List<Branch> branches) {
            if (branches.isEmpty()) {
                skipArgument(); // a cast matched nothing: there is nothing to filter
                return List.of();
            }
            int start = position;
            List<Branch> result = new ArrayList<>();
            for (Branch branch : branches) {
                position = start;
                Condition condition = condition(branch.type());
                if (condition != null) {
                    result.add(branch.then(new Step.Where(condition), branch.type()));
                }
            }
            return result;
        }

        /** @return the condition on values of {@code type}, or null when it can never hold for them */
        private Condition condition(ElementType type) {
            if (accept("resolve")) {
                expect("(");
                expect(")");
                expect("is");
                String target = typeName();
                if (!model.resourceTypes().contains(target)) {
                    throw new UnsupportedExpressionException("resolve() is " + target + ": not a resource type");
                }
                return type.name().equals("Reference") ? new Condition.ResolvesTo(target, model.resourceTypes()) : null;
            }
            if (type.definition() == null) {
                throw new UnsupportedExpressionException("where() on a resource of unknown type (cast it with ofType)");
            }
            List<Branch> left = typeExpression(List.of(new Branch(List.of(), type)));
            expect("=");
            String literal = next(Kind.STRING).text();
            return new Condition.Equals(left.stream().<Path>map(b -> new Path.Steps(b.steps())).toList(), literal);
        }

        /** Moves to the {@code )} that closes the current argument list. */
        private void skipArgument() {
            int depth = 0;
            while (peek().kind() != Kind.END && (depth > 0 || !peek().is(")"))) {
                depth += peek().is("(") ? 1 : peek().is(")") ? -1 : 0;
                position++;
            }
        }

        /** A type specifier: {@code Quantity}, {@code dateTime}, {@code FHIR.Quantity}. */
        private String typeName() {
            String name = next(Kind.IDENTIFIER).text();
            if (name.equals("FHIR") && accept(".")) {
                name = next(Kind.IDENTIFIER).text();
            }
            return name;
        }

        private Token peek() {
            return tokens.get(position);
        }

        private Token next(Kind kind) {
            Token token = peek();
            if (token.kind() != kind) {
                throw unexpected();
            }
            position++;
            return token;
        }

        private boolean accept(String symbolOrWord) {
            if (peek().is(symbolOrWord)) {
                position++;
                return true;
            }
            return false;
        }

        private void expect(String symbolOrWord) {
            if (!accept(symbolOrWord)) {
                throw unexpected();
            }
        }

        private UnsupportedExpressionException unexpected() {
            Token token = peek();
            return new UnsupportedExpressionException(token.kind() == Kind.END ? "unexpected end"
                    : "unexpected '" + token.text() + "' at " + token.position());
        }
    }
}
