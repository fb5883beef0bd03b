# The facade's default JVM options, sourced by ./ovc run and the bench scripts; the container image and the chart set
# the same with a heap sized from the container's memory instead (deploy/docker/Dockerfile, javaOptions in the chart).
# docs/benchmarks.md ("JVM defaults") says why each is there.
OVC_DEFAULT_JAVA_OPTS="-XX:+UseSerialGC -XX:+UseStringDeduplication -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:-ShrinkHeapInSteps -Xms32m -Xmx512m -XX:+ExitOnOutOfMemoryError"
# In sandbox mode the embedded cluster (every host object of every server) lives in the same heap as the facade.
OVC_SANDBOX_JAVA_OPTS="-XX:+UseSerialGC -XX:+UseStringDeduplication -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:-ShrinkHeapInSteps -Xms32m -Xmx1536m -XX:+ExitOnOutOfMemoryError"
# glibc keeps what the JVM's native allocations freed (the JIT's arenas, zip inflaters) until asked to give it back:
# asked every 5 s, the facade with 10,000 servers held 263-281 MB of RSS after two full collections instead of
# 289-298 MB, and about 45 MB less after 30 s of GETs (docs/benchmarks.md, "JVM defaults"). A product option since
# JDK 21.0.4 and 22.0.1; an older JDK goes without.
if "${JAVA_HOME:+$JAVA_HOME/bin/}java" -XX:TrimNativeHeapInterval=5000 -version >/dev/null 2>&1; then
  OVC_DEFAULT_JAVA_OPTS="$OVC_DEFAULT_JAVA_OPTS -XX:TrimNativeHeapInterval=5000"
  OVC_SANDBOX_JAVA_OPTS="$OVC_SANDBOX_JAVA_OPTS -XX:TrimNativeHeapInterval=5000"
fi
# glibc's malloc gives the JVM's native allocations (compilers, NIO, zip) up to 8 arenas a core, which keep what was
# freed; two held 17 MB less with 10,000 servers (docs/benchmarks.md, "JVM defaults"). Exported, so the
# bench's other JVMs get it too.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
