package org.onedoor.terminal.enrollment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.onedoor.terminal.risklist.SigningKeys;

/** Requests and answers: signed, read back, and every forgery or content problem named. */
class EnrollmentMessagesTest {
    private static final VenueRecord MARKET = new VenueRecord("湘江农贸市场", "shopping/market", "430124101001",
            "湖南省长沙县星沙街道湘江路1号", new BigDecimal("28.246000"), new BigDecimal("113.083000"), "李敏",
            "13874260528");
    private static final Instant AT = Instant.parse("2026-12-04T09:00:00Z");
    private final KeyPair device = SigningKeys.generate();
    private final KeyPair county = SigningKeys.generate();
    private final String devicePub = SigningKeys.publicKeyText(device.getPublic());

    @Test
    void aRequestRoundTripsAndATamperedOneIsRefused() throws Exception {
        EnrollmentRequest r = request(List.of("东门", "南门"));
        byte[] signed = EnrollmentMessages.write(r, device.getPrivate());
        assertEquals(r, EnrollmentMessages.readRequest(signed));
        byte[] tampered = new String(signed, StandardCharsets.UTF_8).replace("东门", "西门")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals("bad signature", assertThrows(InvalidEnrollmentException.class,
                () -> EnrollmentMessages.readRequest(tampered)).getMessage());
    }

    @Test
    void theCountySeesEveryProblemOfARequest() {
        VenueRecord outside = new VenueRecord("湘江农贸市场", "market", "430199101001", "湖南省长沙县星沙街道湘江路1号",
                MARKET.lat(), MARKET.lon(), "李敏", "13874260528");
        EnrollmentRequest r = new EnrollmentRequest("430124", "t-1", Optional.empty(), outside, List.of("东门", "东门"),
                devicePub, AT);
        assertEquals(List.of("category must be one of the venue categories of docs/county.md, such as shopping/market;"
                        + " got \"market\"", "division must be within the county 430124, got 430199101001",
                "duplicate entrance name 东门"), RequestCheck.problems(r, "430124", "t-1"));
    }

    @Test
    void anApprovalBindsCountyKeyTerminalAndDeviceKey() throws Exception {
        EnrollmentAnswer approval = EnrollmentAnswer.approval(request(List.of("东门")), "v0001", MARKET,
                List.of(new EntranceCode("东门", "CN6SJN9R", "onedoor:venue/430124/CN6SJN9R")), "李辉中", AT);
        AnswerCheck check = new AnswerCheck(county.getPublic(), "430124", "t-1", devicePub);
        assertEquals(approval, check.accept(EnrollmentMessages.write(approval, county.getPrivate()), Optional.empty()));

        assertRefused(check, EnrollmentMessages.write(approval, SigningKeys.generate().getPrivate()), "bad signature");
        EnrollmentAnswer other = EnrollmentAnswer.approval(new EnrollmentRequest("430124", "t-2", Optional.empty(),
                MARKET, List.of("东门"), devicePub, AT), "v0001", MARKET, approval.entrances(), "李辉中", AT);
        assertRefused(check, EnrollmentMessages.write(other, county.getPrivate()), "it is for another terminal");
        EnrollmentAnswer otherDevice = EnrollmentAnswer.approval(new EnrollmentRequest("430124", "t-1",
                Optional.empty(), MARKET, List.of("东门"), SigningKeys.publicKeyText(SigningKeys.generate()
                .getPublic()), AT), "v0001", MARKET, approval.entrances(), "李辉中", AT);
        assertRefused(check, EnrollmentMessages.write(otherDevice, county.getPrivate()), "it binds another device key");
        assertRefused(check, "{\"format\":\"onedoor-enroll-approval/1\"}".getBytes(StandardCharsets.UTF_8),
                "decision must be a single line of text");
    }

    @Test
    void codesAreShortPrintableAndUnique() {
        VenueCodes codes = new VenueCodes();
        java.util.Set<String> used = new java.util.HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String code = codes.newCode(used);
            assertEquals(true, VenueCodes.isCode(code), code);
            assertEquals(true, used.add(code), code);
        }
        assertEquals("v0003", VenueCodes.nextVenueId(java.util.Set.of("v0001", "v0002")));
    }

    private EnrollmentRequest request(List<String> entrances) {
        return new EnrollmentRequest("430124", "t-1", Optional.empty(), MARKET, entrances, devicePub, AT);
    }

    private static void assertRefused(AnswerCheck check, byte[] payload, String why) {
        assertEquals(why, assertThrows(InvalidEnrollmentException.class, () -> check.accept(payload, Optional.empty()))
                .getMessage());
    }
}
