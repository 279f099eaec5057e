package org.onedoor.terminal.enrollment;

/**
 * Where requests and answers live: {@code {root}/{county}/enroll/{terminal}/request} and {@code …/approval}, both
 * retained, outside any venue's topics (the venue id is what the approval assigns). {@code enroll} is therefore
 * no venue id.
 */
public final class EnrollmentTopics {
    public static final String LEVEL = "enroll";

    private EnrollmentTopics() {
    }

    public static String request(String root, String county, String terminal) {
        return root + "/" + county + "/" + LEVEL + "/" + terminal + "/request";
    }

    public static String approval(String root, String county, String terminal) {
        return root + "/" + county + "/" + LEVEL + "/" + terminal + "/approval";
    }
}
