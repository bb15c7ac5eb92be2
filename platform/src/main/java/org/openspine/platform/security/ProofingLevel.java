package org.openspine.platform.security;

/**
 * How strongly a citizen's identity was verified, in NHS login's terms. Only {@code P9} (high)
 * reaches the clinical record; {@code P5} reaches the citizen's own demographics; {@code P0}
 * nothing that names a patient.
 */
public enum ProofingLevel {
    P0, P5, P9
}
