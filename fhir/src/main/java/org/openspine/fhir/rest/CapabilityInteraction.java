package org.openspine.fhir.rest;

import ca.uhn.fhir.context.RuntimeResourceDefinition;
import java.util.Date;
import java.util.Map;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceInteractionComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations;
import org.openspine.fhir.model.FhirCodec;

/**
 * {@code GET metadata}: the CapabilityStatement, built once from what this server really does.
 * When an interaction or parameter is added, it is added here too; the HTTP tests check the
 * statement against behaviour.
 */
final class CapabilityInteraction {

    private final String json;

    CapabilityInteraction(FhirCodec codec, String version, Date started) {
        CapabilityStatement statement = new CapabilityStatement();
        statement.setStatus(Enumerations.PublicationStatus.ACTIVE);
        statement.setDate(started);
        statement.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
        statement.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        statement.getSoftware().setName("OpenSpine").setVersion(version);
        statement.getImplementation().setDescription("OpenSpine FHIR R4 shared care record");
        statement.addFormat("application/fhir+json").addFormat("application/fhir+xml").addFormat("json").addFormat("xml");
        statement.addPatchFormat("application/json-patch+json").addPatchFormat("application/fhir+json")
                .addPatchFormat("application/fhir+xml");
        CapabilityStatement.CapabilityStatementRestComponent rest = statement.addRest();
        rest.setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.TRANSACTION);
        rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.BATCH);
        rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.HISTORYSYSTEM);
        for (String type : new TreeSet<>(codec.context().getResourceTypes())) {
            CapabilityStatement.CapabilityStatementRestResourceComponent resource = rest.addResource();
            resource.setType(type);
            for (TypeRestfulInteraction code : new TypeRestfulInteraction[] {TypeRestfulInteraction.READ,
                    TypeRestfulInteraction.VREAD, TypeRestfulInteraction.UPDATE, TypeRestfulInteraction.PATCH,
                    TypeRestfulInteraction.DELETE, TypeRestfulInteraction.HISTORYINSTANCE,
                    TypeRestfulInteraction.HISTORYTYPE, TypeRestfulInteraction.CREATE, TypeRestfulInteraction.SEARCHTYPE}) {
                resource.addInteraction(new ResourceInteractionComponent().setCode(code));
            }
            resource.setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONEDUPDATE);
            resource.setReadHistory(true);
            resource.setUpdateCreate(true);
            resource.setConditionalCreate(true);
            resource.setConditionalUpdate(true);
            resource.setConditionalRead(CapabilityStatement.ConditionalReadStatus.NOTSUPPORTED);
            resource.setConditionalDelete(CapabilityStatement.ConditionalDeleteStatus.SINGLE);
            resource.addSearchParam().setName("_id").setType(Enumerations.SearchParamType.TOKEN)
                    .setDocumentation("logical id; comma-separated values are OR-ed");
            RuntimeResourceDefinition definition = codec.context().getResourceDefinition(type);
            if (definition.getSearchParam("identifier") != null) {
                resource.addSearchParam().setName("identifier").setType(Enumerations.SearchParamType.TOKEN)
                        .setDocumentation("system|value, |value, system| or value");
            }
            resource.addOperation().setName("validate").setDefinition("http://hl7.org/fhir/OperationDefinition/Resource-validate");
        }
        this.json = codec.encodeStored(statement);
    }

    FhirResponse metadata() {
        return new FhirResponse(200, Map.of(), new FhirResponse.Json(json));
    }
}
