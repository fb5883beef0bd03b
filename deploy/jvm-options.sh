# The facade's default JVM options, sourced by ./ovc run and the bench scripts; the container image and the chart set
# the same with a heap sized from the container's memory instead (deploy/docker/Dockerfile, javaOptions in the chart).
# docs/benchmarks.md ("JVM defaults") says why each is there.
OVC_DEFAULT_JAVA_OPTS="-XX:+UseSerialGC -XX:+UseStringDeduplication -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xms32m -Xmx512m -XX:+ExitOnOutOfMemoryError"
# In sandbox mode the embedded cluster (every host object of every server) lives in the same heap as the facade.
OVC_SANDBOX_JAVA_OPTS="-XX:+UseSerialGC -XX:+UseStringDeduplication -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xms32m -Xmx1536m -XX:+ExitOnOutOfMemoryError"
