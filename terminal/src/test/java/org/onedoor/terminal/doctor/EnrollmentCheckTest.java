package org.onedoor.terminal.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.config.ConfigLoader;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.enrollment.DeviceKeys;
import org.onedoor.terminal.enrollment.EnrollmentAnswer;
import org.onedoor.terminal.enrollment.EnrollmentMessages;
import org.onedoor.terminal.enrollment.EnrollmentRequest;
import org.onedoor.terminal.enrollment.EnrollmentStore;
import org.onedoor.terminal.enrollment.EntranceCode;
import org.onedoor.terminal.risklist.SigningKeys;
import org.onedoor.terminal.testing.TomlFixture;

/** The doctor shows where the enrollment stands, a rejection with the county's reason. */
class EnrollmentCheckTest {
    @TempDir
    Path dir;

    @Test
    void pendingRejectedApproved() throws Exception {
        KeyPair county = SigningKeys.generate();
        String devicePub = DeviceKeys.generate(dir.resolve("device.key"));
        TerminalConfig config = ConfigLoader.load(TomlFixture.minimal().venue("湘江农贸市场",
                SigningKeys.publicKeyText(county.getPublic())).write(dir.resolve("onedoor.toml")));
        Finding pending = new EnrollmentCheck(config).run();
        assertEquals(Finding.Verdict.WARN, pending.verdict());
        assertTrue(pending.detail().startsWith("not approved yet"), pending.detail());

        EnrollmentRequest request = new EnrollmentRequest("430124", "t-1", java.util.Optional.empty(),
                config.enrollment().orElseThrow().venue(), List.of("east"), devicePub, Instant.now());
        EnrollmentStore store = new EnrollmentStore(config.terminal().dataDir());
        EnrollmentAnswer rejection = EnrollmentAnswer.rejection(request, "李辉中", Instant.now(), "地址未精确到门牌");
        store.storeAnswer(rejection, EnrollmentMessages.write(rejection, county.getPrivate()));
        Finding rejected = new EnrollmentCheck(config).run();
        assertEquals(Finding.Verdict.WARN, rejected.verdict());
        assertEquals("the county rejected the request: 地址未精确到门牌", rejected.detail());

        EnrollmentAnswer approval = EnrollmentAnswer.approval(request, "v0001", request.venue(),
                List.of(new EntranceCode("east", "CN6SJN9R", "onedoor:venue/430124/CN6SJN9R")), "李辉中",
                Instant.now().plusSeconds(2));
        store.storeAnswer(approval, EnrollmentMessages.write(approval, county.getPrivate()));
        Finding approved = new EnrollmentCheck(config).run();
        assertEquals(Finding.Verdict.OK, approved.verdict(), approved.detail());
        assertTrue(approved.detail().startsWith("approved as venue v0001 with 1 entrance(s) by 李辉中"));

        Files.writeString(dir.resolve("device.pub"), SigningKeys.publicKeyText(SigningKeys.generate().getPublic()));
        assertEquals(Finding.Verdict.FAIL, new EnrollmentCheck(config).run().verdict(), "a device key not of one pair");
    }
}
