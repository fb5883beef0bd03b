package io.openvcluster.server.kube.crd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A flavor, mirroring {@code FlavorData}; {@code id} is the Nova id (metadata.name is derived from it). */
public class FlavorRecordSpec {
    private String id;
    private String name;
    private int vcpus;
    private int ramMb;
    private int diskGb;
    private int ephemeralGb;
    private int swapMb;
    private double rxtxFactor;
    private boolean isPublic;
    private boolean disabled;
    private String description;
    private Map<String, String> extraSpecs = new LinkedHashMap<>();
    /** Projects that may use this flavor when it is private (os-flavor-access). */
    private List<String> accessProjects = new ArrayList<>();

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public int getVcpus() {
        return vcpus;
    }

    public void setVcpus(int vcpus) {
        this.vcpus = vcpus;
    }

    public int getRamMb() {
        return ramMb;
    }

    public void setRamMb(int ramMb) {
        this.ramMb = ramMb;
    }

    public int getDiskGb() {
        return diskGb;
    }

    public void setDiskGb(int diskGb) {
        this.diskGb = diskGb;
    }

    public int getEphemeralGb() {
        return ephemeralGb;
    }

    public void setEphemeralGb(int ephemeralGb) {
        this.ephemeralGb = ephemeralGb;
    }

    public int getSwapMb() {
        return swapMb;
    }

    public void setSwapMb(int swapMb) {
        this.swapMb = swapMb;
    }

    public double getRxtxFactor() {
        return rxtxFactor;
    }

    public void setRxtxFactor(double rxtxFactor) {
        this.rxtxFactor = rxtxFactor;
    }

    public boolean isIsPublic() {
        return isPublic;
    }

    public void setIsPublic(boolean isPublic) {
        this.isPublic = isPublic;
    }

    public boolean isDisabled() {
        return disabled;
    }

    public void setDisabled(boolean disabled) {
        this.disabled = disabled;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public Map<String, String> getExtraSpecs() {
        return extraSpecs;
    }

    public void setExtraSpecs(Map<String, String> extraSpecs) {
        this.extraSpecs = extraSpecs;
    }

    public List<String> getAccessProjects() {
        return accessProjects;
    }

    public void setAccessProjects(List<String> accessProjects) {
        this.accessProjects = accessProjects;
    }


}
