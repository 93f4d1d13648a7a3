package io.serstreams.schemas.testkit;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the shared KRaft cluster when the test session ends, while the test JVM is still doing
 * orderly work, rather than in a shutdown hook racing the JVM's exit (registered through
 * META-INF/services, so every module using the test kit gets it).
 */
public final class SharedKafkaClusterCloser implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        SharedKafkaCluster.stopIfStarted();
    }
}
