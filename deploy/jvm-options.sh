# The facade's default JVM options, sourced by ./ovc run and the bench scripts (the container image sets the same
# in deploy/docker/Dockerfile). docs/benchmarks.md ("JVM defaults") says why each is there.
OVC_DEFAULT_JAVA_OPTS="-XX:+UseSerialGC -Xmx256m"
