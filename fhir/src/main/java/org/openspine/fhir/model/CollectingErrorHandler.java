package org.openspine.fhir.model;

import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;
import java.util.ArrayList;
import java.util.List;
import org.openspine.platform.error.Issue;

/**
 * Strict parsing that reports every problem, each with the path where it was found, instead of
 * stopping at the first (HAPI's StrictErrorHandler) or ignoring them (the lenient default).
 * One instance per parse; not thread-safe.
 */
final class CollectingErrorHandler implements IParserErrorHandler {

    private final List<Issue> issues = new ArrayList<>();

    List<Issue> issues() {
        return issues;
    }

    @Override
    public void containedResourceWithNoId(IParseLocation location) {
        add("structure", "contained resource has no id", location, null);
    }

    @Override
    public void incorrectJsonType(IParseLocation location, String element, BaseJsonLikeValue.ValueType expected,
            BaseJsonLikeValue.ScalarType expectedScalar, BaseJsonLikeValue.ValueType found,
            BaseJsonLikeValue.ScalarType foundScalar) {
        String want = expectedScalar != null ? expectedScalar.name().toLowerCase() : expected.name().toLowerCase();
        String got = foundScalar != null ? foundScalar.name().toLowerCase() : found.name().toLowerCase();
        add("structure", "element '" + element + "' must be a JSON " + want + ", found " + got, location, element);
    }

    @Override
    public void invalidValue(IParseLocation location, String value, String error) {
        add("value", "invalid value" + (value == null ? "" : " '" + abbreviate(value) + "'") + ": " + error, location, null);
    }

    @Override
    public void missingRequiredElement(IParseLocation location, String element) {
        add("required", "required element '" + element + "' is missing", location, element);
    }

    @Override
    public void unexpectedRepeatingElement(IParseLocation location, String element) {
        add("structure", "element '" + element + "' may not repeat", location, element);
    }

    @Override
    public void unknownAttribute(IParseLocation location, String attribute) {
        add("structure", "unknown attribute '" + attribute + "'", location, attribute);
    }

    @Override
    public void unknownElement(IParseLocation location, String element) {
        add("structure", "unknown element '" + element + "'", location, element);
    }

    @Override
    public void unknownReference(IParseLocation location, String reference) {
        add("structure", "reference to unknown contained resource '" + reference + "'", location, null);
    }

    @Override
    public void invalidInternalReference(IParseLocation location, String reference) {
        add("structure", "invalid internal reference '" + reference + "'", location, null);
    }

    @Override
    public void extensionContainsValueAndNestedExtensions(IParseLocation location) {
        add("structure", "extension has both a value and nested extensions", location, null);
    }

    private void add(String code, String message, IParseLocation location, String element) {
        String parent = location == null ? null : location.getParentElementName();
        String path = parent == null ? element : element == null ? parent : parent + "." + element;
        issues.add(Issue.error(code, path == null ? message : message + " (at " + path + ")", path));
    }

    private static String abbreviate(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "..." : value;
    }
}
