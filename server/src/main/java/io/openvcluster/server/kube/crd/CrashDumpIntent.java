package io.openvcluster.server.kube.crd;

/**
 * A trigger_crash_dump accepted (spec {@code crashDump}): the reconciler writes a debug bundle of the control plane's
 * state to {@code url}, once per request, and enters the action with where the bundle is.
 *
 * @param request the request (Nova's {@code trigger_crash_dump} action, no task)
 * @param url     where the bundle goes: {@code <s3 store>/crash-dumps/<server id>/<request id>.tar.gz}
 */
public record CrashDumpIntent(ActionRequest request, String url) {
}
