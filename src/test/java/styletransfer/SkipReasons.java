package styletransfer;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints one line for every skipped test and why, so a skip (no GPU, no shared data, running as root) shows in the
 * build's output and not only in the report files. Registered through META-INF/services.
 */
public final class SkipReasons implements TestExecutionListener {
    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        System.out.println("SKIPPED " + name(test) + ": " + reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            System.out.println("SKIPPED " + name(test) + ": "
                    + result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    private static String name(TestIdentifier test) {
        String type = test.getUniqueIdObject().getSegments().stream().filter(s -> s.getType().equals("class"))
                .map(s -> s.getValue().substring(s.getValue().lastIndexOf('.') + 1)).findFirst().orElse("");
        return type.isEmpty() ? test.getDisplayName() : type + "." + test.getDisplayName();
    }
}
