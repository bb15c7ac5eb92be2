package org.openspine.fhir.rest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Parameters;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.store.FhirStore;
import org.openspine.fhir.store.ReadResult;
import org.openspine.fhir.validation.ProfileValidation;
import org.openspine.platform.error.OpenSpineException;

/**
 * {@code $validate} at type and instance level: the body is a resource, or a Parameters with a
 * {@code resource} part (and optional {@code profile}); at instance level with no body, the stored
 * version is validated. Answers 200 with an OperationOutcome listing every issue; a body that
 * cannot be parsed at all is 400.
 */
final class ValidateInteraction {

    private final FhirStore store;
    private final FhirCodec codec;
    private final IncomingResource incoming;
    private final ProfileValidation validation;

    ValidateInteraction(FhirStore store, FhirCodec codec, IncomingResource incoming, ProfileValidation validation) {
        this.store = store;
        this.codec = codec;
        this.incoming = incoming;
        this.validation = validation;
    }

    FhirResponse validate(Connection connection, FhirRequest request, String type, Optional<String> id)
            throws SQLException {
        IBaseResource resource;
        Optional<String> profile = Optional.ofNullable(request.param("profile"));
        if (request.body() instanceof FhirRequest.None && id.isPresent()) {
            resource = switch (store.read(connection, type, id.get())) {
                case ReadResult.Found found -> {
                    request.guard().requireVisible(connection, store, found.resource());
                    yield codec.parseStored(found.resource().json());
                }
                case ReadResult.Deleted deleted -> throw new OpenSpineException.Gone(type + "/" + id.get() + " has been deleted");
                case ReadResult.Absent absent -> throw new OpenSpineException.NotFound(type + "/" + id.get() + " is not known");
            };
        } else {
            resource = incoming.parse(request);
            if (resource instanceof Parameters parameters && !type.equals("Parameters")) {
                Parameters.ParametersParameterComponent part = parameters.getParameter("resource");
                if (part == null || part.getResource() == null) {
                    throw new OpenSpineException.Invalid("required", "$validate Parameters need a 'resource' part");
                }
                resource = part.getResource();
                if (parameters.getParameter("profile") != null && parameters.getParameter("profile").hasValue()) {
                    profile = Optional.of(parameters.getParameter("profile").getValue().primitiveValue());
                }
            }
            if (!resource.fhirType().equals(type)) {
                throw new OpenSpineException.Invalid("invalid", "the resource is a " + resource.fhirType()
                        + " but the URL names " + type);
            }
        }
        return new FhirResponse(200, Map.of(), new FhirResponse.Parsed(validation.validate(resource, profile)));
    }
}
