package org.openspine.fhir.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profile validation with HAPI's instance validator against the base R4 definitions plus the
 * conformance resources (StructureDefinition, ValueSet, CodeSystem) the operator loads at start:
 * a directory (searched recursively) of JSON or XML files, or an NPM-style {@code .tgz} package.
 *
 * <p>The validator costs a few hundred megabytes and seconds to build, so it is built on first
 * use, not at start-up. Thread-safe after construction.
 */
public final class ProfileValidation {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileValidation.class);

    private final FhirContext context;
    private final Optional<Path> profiles;
    private volatile FhirValidator validator;

    /** @param profiles a directory of JSON conformance resources or an NPM .tgz package, if any */
    public ProfileValidation(FhirContext context, Optional<Path> profiles) {
        this.context = context;
        this.profiles = profiles;
        profiles.ifPresent(p -> {
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("profiles path does not exist: " + p);
            }
        });
    }

    /**
     * Validates {@code resource}, against {@code profile} too when given.
     *
     * @return an OperationOutcome with every issue found (none at error level means valid)
     */
    public OperationOutcome validate(IBaseResource resource, Optional<String> profile) {
        ValidationOptions options = new ValidationOptions();
        profile.ifPresent(options::addProfile);
        ValidationResult result = validator().validateWithResult(resource, options);
        OperationOutcome outcome = (OperationOutcome) result.toOperationOutcome();
        if (outcome.getIssue().isEmpty()) {
            outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                    .setCode(OperationOutcome.IssueType.INFORMATIONAL).setDiagnostics("no issues found");
        }
        return outcome;
    }

    private FhirValidator validator() {
        FhirValidator current = validator;
        if (current == null) {
            synchronized (this) {
                current = validator;
                if (current == null) {
                    current = build();
                    validator = current;
                }
            }
        }
        return current;
    }

    private FhirValidator build() {
        long started = System.nanoTime();
        PrePopulatedValidationSupport loaded = new PrePopulatedValidationSupport(context);
        int count = profiles.map(path -> load(path, loaded)).orElse(0);
        ValidationSupportChain chain = new ValidationSupportChain(
                loaded,
                new DefaultProfileValidationSupport(context),
                new CommonCodeSystemsTerminologyService(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new SnapshotGeneratingValidationSupport(context));
        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
        instanceValidator.setAnyExtensionsAllowed(true);
        FhirValidator built = context.newValidator().registerValidatorModule(instanceValidator);
        LOG.info("profile validator ready with {} loaded conformance resources in {} ms", count,
                (System.nanoTime() - started) / 1_000_000);
        return built;
    }

    private int load(Path path, PrePopulatedValidationSupport support) {
        try {
            if (Files.isDirectory(path)) {
                int count = 0;
                try (Stream<Path> files = Files.walk(path)) {
                    for (Path file : files.filter(ProfileValidation::isResourceFile).toList()) {
                        count += add(support, Files.readString(file), file.toString().endsWith(".xml"));
                    }
                }
                return count;
            }
            try (InputStream in = Files.newInputStream(path)) {
                NpmPackage npm = NpmPackage.fromPackage(in);
                int count = 0;
                for (String name : npm.list("package")) {
                    if (isResourceFile(Path.of(name)) && !name.equals("package.json")) {
                        try (InputStream file = npm.load("package", name)) {
                            count += add(support, new String(file.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                                    name.endsWith(".xml"));
                        }
                    }
                }
                return count;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load profiles from " + path, e);
        }
    }

    private static boolean isResourceFile(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && (name.endsWith(".json") || name.endsWith(".xml"));
    }

    private int add(PrePopulatedValidationSupport support, String text, boolean xml) {
        IBaseResource resource;
        try {
            resource = (xml ? context.newXmlParser() : context.newJsonParser()).parseResource(text);
        } catch (RuntimeException e) {
            return 0; // not a FHIR resource (e.g. an index file): skip it
        }
        switch (resource.fhirType()) {
            case "StructureDefinition" -> support.addStructureDefinition(resource);
            case "ValueSet" -> support.addValueSet(resource);
            case "CodeSystem" -> support.addCodeSystem(resource);
            default -> {
                return 0;
            }
        }
        return 1;
    }

}
