package org.onedoor.terminal.enrollment;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.onedoor.terminal.risklist.SigningKeys;
import org.onedoor.terminal.testing.PayloadSchemas;
import org.onedoor.terminal.testing.ProjectFiles;

/** docs/schemas describes what is published: each schema's examples, and the payloads the code builds. */
class EnrollmentSchemasTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final VenueRecord MARKET = new VenueRecord("湘江农贸市场", "shopping/market", "430124101001",
            "湖南省长沙县星沙街道湘江路1号", new BigDecimal("28.246000"), new BigDecimal("113.083000"), "李敏",
            "13874260528");

    @Test
    void everyExampleIsValid() throws Exception {
        for (String name : List.of("enroll-request", "enroll-approval", "identity")) {
            JsonNode schema = JSON.readTree(Files.readAllBytes(ProjectFiles.repository("docs/schemas/" + name
                    + ".json")));
            assertFalse(schema.path("examples").isEmpty(), name);
            for (JsonNode example : schema.path("examples")) {
                PayloadSchemas.assertValid(name, JSON.writeValueAsBytes(example));
            }
        }
    }

    @Test
    void whatTheCodeWritesIsValid() {
        KeyPair device = SigningKeys.generate();
        KeyPair county = SigningKeys.generate();
        Instant at = Instant.parse("2026-12-04T09:00:00Z");
        EnrollmentRequest request = new EnrollmentRequest("430124", "t-0001", Optional.empty(), MARKET,
                List.of("东门", "东门出口"), SigningKeys.publicKeyText(device.getPublic()), at);
        PayloadSchemas.assertValid("enroll-request", EnrollmentMessages.write(request, device.getPrivate()));
        EnrollmentAnswer approval = EnrollmentAnswer.approval(request, "v0001", MARKET,
                List.of(new EntranceCode("东门", "CN6SJN9R", "onedoor:venue/430124/CN6SJN9R")), "李辉中", at);
        PayloadSchemas.assertValid("enroll-approval", EnrollmentMessages.write(approval, county.getPrivate()));
        PayloadSchemas.assertValid("enroll-approval", EnrollmentMessages.write(EnrollmentAnswer.rejection(request,
                "李辉中", at, "地址未精确到门牌"), county.getPrivate()));
        List<IdentityMessage.LaneEntrance> lanes = List.of(new IdentityMessage.LaneEntrance("east", "东门", "entry"));
        PayloadSchemas.assertValid("identity", IdentityMessage.of("430124", "t-0001", "v0001", Optional.of(approval),
                "0.1.0", request.deviceKey(), lanes, Instant.now()));
        PayloadSchemas.assertValid("identity", IdentityMessage.of("430124", "t-0001", "market", Optional.empty(),
                "0.1.0", request.deviceKey(), lanes, Instant.now()));
    }
}
