package org.openspine.bench;

import org.openspine.server.demo.SyntheticBundle;

/**
 * A dataset a {@link LoadScenario} writes: transaction Bundles numbered from 0, all or nothing each, so that
 * one Patient of a bundle tells whether the whole bundle is on the server. The numbering is fixed by the seed,
 * which is what lets a load resume ({@link ResumePoint}).
 */
interface LoadDataset {

    /** @return the scenario that loads it, and the row label */
    String scenario();

    /** @return what its target counts, plural, e.g. {@code resources} or {@code patients} */
    String unit();

    /** @return how many bundles the seed has */
    int capacity();

    /**
     * @return bundle {@code n}
     * @throws IllegalArgumentException when {@code n} is not in {@code [0, capacity())}
     */
    SyntheticBundle bundle(int n);

    /** @return how much bundle {@code n} adds towards the target, in {@link #unit()}s */
    int counted(int n);

    /** @return the NHS Number of bundle {@code n}'s probe Patient: on the server exactly when the bundle is */
    String nhsNumber(int n);

    /** @return whether the organisations Bundle counts towards the target (it does when counting resources) */
    boolean countsOrganisations();
}
