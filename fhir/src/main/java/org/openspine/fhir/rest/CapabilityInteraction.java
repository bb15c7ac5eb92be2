package org.openspine.fhir.rest;

import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceInteractionComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations;
import org.openspine.fhir.model.FhirCodec;
import org.openspine.fhir.search.SearchParam;
import org.openspine.fhir.search.SearchParamType;
import org.openspine.fhir.search.index.ResourceIndexer;

/**
 * {@code GET metadata}: the CapabilityStatement, built once from what this server really does.
 * When an interaction or parameter is added, it is added here too; the HTTP tests check the
 * statement against behaviour.
 */
final class CapabilityInteraction {

    private final String json;

    /** @param indexer says which search parameters each type has and which of them are indexed */
    CapabilityInteraction(FhirCodec codec, String version, Date started, ResourceIndexer indexer) {
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
        rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.SEARCHSYSTEM);
        for (String common : List.of("_id", "_lastUpdated", "_tag", "_profile", "_security", "_source")) {
            indexer.parameters().find("Patient", common).ifPresent(p -> rest.addSearchParam().setName(common)
                    .setDefinition(p.url()).setType(Enumerations.SearchParamType.fromCode(p.type().code())));
        }
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
            Set<SearchParam> unsupported = Set.copyOf(indexer.unsupported(type));
            List<SearchParam> params = indexer.parameters().of(type).stream()
                    .filter(p -> !unsupported.contains(p)).sorted(Comparator.comparing(SearchParam::code)).toList();
            for (SearchParam param : params) {
                resource.addSearchParam().setName(param.code()).setDefinition(param.url())
                        .setType(Enumerations.SearchParamType.fromCode(param.type().code()));
                if (param.type() == SearchParamType.REFERENCE) {
                    resource.addSearchInclude(type + ":" + param.code());
                }
            }
            resource.addSearchInclude("*");
            resource.addSearchRevInclude("*");
            resource.addOperation().setName("validate").setDefinition("http://hl7.org/fhir/OperationDefinition/Resource-validate");
        }
        this.json = codec.encodeStored(statement);
    }

    FhirResponse metadata() {
        return new FhirResponse(200, Map.of(), new FhirResponse.Json(json));
    }
}
