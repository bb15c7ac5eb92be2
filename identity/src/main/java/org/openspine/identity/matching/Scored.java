package org.openspine.identity.matching;

/**
 * A candidate with its score against a query.
 *
 * @param candidate the caller's candidate (a row, a resource id, the demographics themselves)
 * @param score how well it matches
 * @param <T> the caller's type of candidate
 */
public record Scored<T>(T candidate, MatchScore score) {
}
