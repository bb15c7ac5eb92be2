/**
 * Bearer-token authentication: {@link org.openspine.platform.security.token.TokenVerifier} checks
 * OAuth2 access tokens (signed JWTs) from configured {@link org.openspine.platform.security.token.TrustedIssuer}s
 * and turns their claims into a {@link org.openspine.platform.security.Caller};
 * {@link org.openspine.platform.security.token.BuiltInIssuer} is an issuer for demonstration and
 * development, with the demo people of {@link org.openspine.platform.security.token.DemoUsers}.
 *
 * <h2>What a token must be</h2>
 * A JWS in compact form, signed with RS256 (RSA of at least 2048 bits) or ES256 (P-256), with a
 * {@code kid} header naming one of its issuer's keys. Every other algorithm is refused, {@code none}
 * and the HMAC family included, so a token "signed" with an issuer's public key as an HMAC secret
 * cannot pass. {@code iss} must be a configured issuer, {@code aud} must contain the configured
 * audience, {@code exp} is required; {@code exp}, {@code nbf} and {@code iat} are checked with 60
 * seconds of clock skew.
 *
 * <h2>Claim layout</h2>
 * Modelled on NHS CIS2 (staff), NHS login (citizens) and SMART Backend Services (systems), so that
 * a real identity provider's tokens need at most a thin claim mapping. Every token carries
 * {@code iss}, {@code aud}, {@code sub}, {@code exp} (and usually {@code iat}, {@code jti}), an
 * optional display {@code name} (the {@code sub} stands in when absent) and {@code caller_kind},
 * which says which of the three layouts follows:
 *
 * <pre>
 * caller_kind = "staff"                       (CIS2-like)
 *   sub                 the person's user id (SDS user id)
 *   name                "Dr Aisha Rahman"
 *   nhsid_nrbac_roles   [ { "person_roleid": "555000000011",  role profile id (NHSD-Session-URID)
 *                           "role_code":     "R8000",         national RBAC access role; a CIS2 path
 *                                                             "S8000:G8000:R8000" is read as its last part
 *                           "job_role_code": "R0260",         national job role
 *                           "org_code":      "A81001" }, ...] ODS code of the organisation
 *   selected_roleid     the role profile acted in by default; the first listed when absent
 *
 * caller_kind = "citizen"                     (NHS-login-like)
 *   sub                     the identity provider's subject
 *   nhs_number              "9000000009" (ten digits, valid Modulus 11 check digit)
 *   identity_proofing_level "P0" | "P5" | "P9"
 *
 * caller_kind = "system"                      (SMART Backend Services, client credentials)
 *   sub                 the client id
 *   scope               "system/Patient.read system/*.write" (space-separated SMART v1 scopes)
 * </pre>
 *
 * A member of staff acts in {@code selected_roleid} unless the request's {@code NHSD-Session-URID}
 * header names another role profile of theirs; naming one they do not hold is refused (403). The
 * header means nothing for citizens and systems and is ignored for them.
 *
 * <h2>Cost</h2>
 * A verified token is remembered (by its text, until its {@code exp}), so a repeated token costs one
 * map lookup; only the first use of a token pays for parsing and the signature check.
 */
package org.openspine.platform.security.token;
