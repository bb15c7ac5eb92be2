/**
 * The measurement of patient matching: {@link org.openspine.identity.matching.evaluation.MatchEvaluation} draws a
 * synthetic English population with the look-alikes real ones have (common names, families at one address,
 * twins, fathers and sons of one name), turns each person's record into a query with an injected error of a
 * known {@link org.openspine.identity.matching.evaluation.ErrorKind}, and reports in an
 * {@link org.openspine.identity.matching.evaluation.EvaluationReport} how blocking and matching did. The rest of
 * the package is package-private parts of that generator. Used by the identity tests and the bench's
 * {@code MatcherEvaluation}; nothing in the server calls it.
 */
package org.openspine.identity.matching.evaluation;
