package io.openvcluster.translator;

/** What the last accepted power verb asked for; the reconciler drives the host towards it. */
public enum PowerIntent {
    /** create, os-start, unpause, resume, reboot: the control plane should run. */
    RUNNING,
    /** os-stop: the vcluster is paused on the host, shown as SHUTOFF. */
    STOPPED,
    /** pause: same host effect as stop, shown as PAUSED. */
    PAUSED,
    /** suspend: same host effect as stop (state is on the PVC), shown as SUSPENDED. */
    SUSPENDED,
    /**
     * delete with deferred delete on (Nova's soft delete): the host effect of stop, shown as SOFT_DELETED, until a
     * restore or the reclaim.
     */
    SOFT_DELETED,
    /** shelve: once the shelve snapshot is taken, the host effect of stop, shown as SHELVED. */
    SHELVED,
    /**
     * shelveOffload (or a shelve offloaded at once): once the snapshot is taken, the vcluster's host objects and
     * namespace deleted, shown as SHELVED_OFFLOADED; the record and the snapshot stay.
     */
    SHELVED_OFFLOADED,
    /**
     * rescue: the host effect of stop, then a rescue pod with the vcluster's data volume mounted; shown as RESCUE once
     * that pod runs.
     */
    RESCUED
}
