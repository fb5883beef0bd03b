// Command gophercloud_scenario drives the facade with gophercloud, the Go SDK that Terraform's OpenStack provider is
// built on, as a member and as an admin. It prints one line per step ("ok <step> <what it saw>"), then
// "gophercloud: N passed, M failed"; on the first failure it prints "FAIL <step>: <why>", deletes the server it
// created, if any, and exits with 1.
//
// Credentials come from the usual variables: OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME,
// OS_USER_DOMAIN_NAME and OS_PROJECT_DOMAIN_NAME for the member; OS_ADMIN_USERNAME, OS_ADMIN_PASSWORD and
// OS_ADMIN_PROJECT_NAME for the admin, in the same domains.
//
// Build it in GOPATH mode against Debian's golang-github-gophercloud-gophercloud-dev:
//
//	GO111MODULE=off GOPATH=/tmp/go:/usr/share/gocode go build -o gophercloud_scenario .
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud"
	"github.com/gophercloud/gophercloud/openstack"
	"github.com/gophercloud/gophercloud/openstack/compute/v2/extensions/availabilityzones"
	"github.com/gophercloud/gophercloud/openstack/compute/v2/extensions/hypervisors"
	"github.com/gophercloud/gophercloud/openstack/compute/v2/extensions/migrate"
	"github.com/gophercloud/gophercloud/openstack/compute/v2/extensions/services"
	"github.com/gophercloud/gophercloud/openstack/compute/v2/extensions/startstop"
	"github.com/gophercloud/gophercloud/openstack/compute/v2/flavors"
	"github.com/gophercloud/gophercloud/openstack/compute/v2/servers"
	"github.com/gophercloud/gophercloud/openstack/imageservice/v2/images"
	"github.com/gophercloud/gophercloud/pagination"
)

const (
	// the facade's availability zone and host cluster (OVC_AVAILABILITY_ZONE, OVC_HOST_NAME) when not configured
	zoneName = "nova"
	hostName = "host-cluster"
	// how long a server may take to reach a status, in seconds
	patience   = 180
	serverName = "gophercloud-vc"
)

// scenario holds what the steps share: the clients, what was picked and created, how many steps passed.
type scenario struct {
	passed   int
	compute  *gophercloud.ServiceClient
	image    *gophercloud.ServiceClient
	flavor   flavors.Flavor
	imageRef images.Image
	serverID string
}

func main() {
	s := &scenario{}
	if err := s.run(); err != nil {
		fmt.Printf("FAIL %v\n", err)
		s.cleanUp()
		fmt.Printf("gophercloud: %d passed, 1 failed\n", s.passed)
		os.Exit(1)
	}
	fmt.Printf("gophercloud: %d passed, 0 failed\n", s.passed)
}

// step runs one step; on success it prints "ok <name> <detail>", on failure it names the step in the error.
func (s *scenario) step(name string, f func() (string, error)) error {
	detail, err := f()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	fmt.Printf("ok %s %s\n", name, detail)
	s.passed++
	return nil
}

func (s *scenario) run() error {
	member, err := memberOptions()
	if err != nil {
		return fmt.Errorf("auth: %w", err)
	}
	admin, err := adminOptions(member)
	if err != nil {
		return fmt.Errorf("admin-auth: %w", err)
	}
	steps := []struct {
		name string
		f    func() (string, error)
	}{
		{"auth", func() (string, error) { return s.authenticate(member) }},
		{"availability-zones", s.zoneIsAvailable},
		{"flavors", s.smallestFlavor},
		{"images", s.activeImage},
		{"create", s.create},
		{"active", func() (string, error) { return s.await("ACTIVE") }},
		{"stop", func() (string, error) {
			return s.power("stop", startstop.Stop(s.compute, s.serverID).ExtractErr(), "SHUTOFF")
		}},
		{"start", func() (string, error) {
			return s.power("start", startstop.Start(s.compute, s.serverID).ExtractErr(), "ACTIVE")
		}},
		{"migrate-refused", s.migrateRefused},
		{"delete", s.deleteAndAwaitGone},
		{"admin-auth", func() (string, error) { return s.authenticate(admin) }},
		{"hypervisors", s.hostClusterHypervisor},
		{"compute-services", s.hostClusterComputeService},
	}
	for _, st := range steps {
		if err := s.step(st.name, st.f); err != nil {
			return err
		}
	}
	return nil
}

// memberOptions reads the OS_* variables with gophercloud's AuthOptionsFromEnv. gophercloud 0.12 reads the domain
// from OS_DOMAIN_NAME only; the clients' usual OS_USER_DOMAIN_NAME and OS_PROJECT_DOMAIN_NAME are mapped onto it
// and onto the token's scope (Terraform's provider has settings of its own for them: user_domain_name and
// project_domain_name).
func memberOptions() (gophercloud.AuthOptions, error) {
	if os.Getenv("OS_DOMAIN_NAME") == "" && os.Getenv("OS_DOMAIN_ID") == "" {
		if err := os.Setenv("OS_DOMAIN_NAME", os.Getenv("OS_USER_DOMAIN_NAME")); err != nil {
			return gophercloud.AuthOptions{}, err
		}
	}
	opts, err := openstack.AuthOptionsFromEnv()
	if err != nil {
		return opts, err
	}
	return scoped(opts, opts.TenantName), nil
}

// adminOptions is the member's options with the admin's user, password and project.
func adminOptions(member gophercloud.AuthOptions) (gophercloud.AuthOptions, error) {
	values := map[string]string{}
	for _, name := range []string{"OS_ADMIN_USERNAME", "OS_ADMIN_PASSWORD", "OS_ADMIN_PROJECT_NAME"} {
		values[name] = os.Getenv(name)
		if values[name] == "" {
			return member, fmt.Errorf("%s is not set", name)
		}
	}
	admin := member
	admin.Username = values["OS_ADMIN_USERNAME"]
	admin.Password = values["OS_ADMIN_PASSWORD"]
	admin.TenantName = values["OS_ADMIN_PROJECT_NAME"]
	return scoped(admin, admin.TenantName), nil
}

// scoped asks for a token of the named project in OS_PROJECT_DOMAIN_NAME (the user's domain when unset).
func scoped(opts gophercloud.AuthOptions, project string) gophercloud.AuthOptions {
	domain := os.Getenv("OS_PROJECT_DOMAIN_NAME")
	if domain == "" {
		domain = opts.DomainName
	}
	opts.Scope = &gophercloud.AuthScope{ProjectName: project, DomainName: domain}
	return opts
}

// authenticate gets a token and the compute and image clients from its catalog.
func (s *scenario) authenticate(opts gophercloud.AuthOptions) (string, error) {
	provider, err := openstack.NewClient(opts.IdentityEndpoint)
	if err != nil {
		return "", err
	}
	provider.HTTPClient = http.Client{Timeout: 60 * time.Second}
	if err := openstack.Authenticate(provider, opts); err != nil {
		return "", err
	}
	if provider.Token() == "" {
		return "", errors.New("no token after authenticating")
	}
	if s.compute, err = openstack.NewComputeV2(provider, gophercloud.EndpointOpts{}); err != nil {
		return "", fmt.Errorf("compute endpoint: %w", err)
	}
	if s.image, err = openstack.NewImageServiceV2(provider, gophercloud.EndpointOpts{}); err != nil {
		return "", fmt.Errorf("image endpoint: %w", err)
	}
	return fmt.Sprintf("%s in project %s; compute %s, image %s", opts.Username, opts.TenantName,
		s.compute.Endpoint, s.image.Endpoint), nil
}

func (s *scenario) zoneIsAvailable() (string, error) {
	z, err := findListed(availabilityzones.List(s.compute), availabilityzones.ExtractAvailabilityZones,
		"zone "+zoneName, func(z availabilityzones.AvailabilityZone) string { return z.ZoneName },
		func(z availabilityzones.AvailabilityZone) bool { return z.ZoneName == zoneName })
	if err != nil {
		return "", err
	}
	if !z.ZoneState.Available {
		return "", fmt.Errorf("zone %s is not available", zoneName)
	}
	return fmt.Sprintf("%s available", zoneName), nil
}

func (s *scenario) smallestFlavor() (string, error) {
	all, err := listAll(flavors.ListDetail(s.compute, flavors.ListOpts{}), flavors.ExtractFlavors)
	if err != nil {
		return "", err
	}
	if len(all) == 0 {
		return "", errors.New("no flavors")
	}
	smallest := all[0]
	for _, f := range all[1:] {
		if f.RAM < smallest.RAM || f.RAM == smallest.RAM && f.VCPUs < smallest.VCPUs {
			smallest = f
		}
	}
	if smallest.RAM <= 0 || smallest.VCPUs <= 0 {
		return "", fmt.Errorf("flavor %s has %d MB and %d vCPUs", smallest.Name, smallest.RAM, smallest.VCPUs)
	}
	s.flavor = smallest
	return fmt.Sprintf("%s (%d MB, %d vCPUs), the smallest of %d", smallest.Name, smallest.RAM, smallest.VCPUs,
		len(all)), nil
}

func (s *scenario) activeImage() (string, error) {
	all, err := listAll(images.List(s.image, images.ListOpts{}), images.ExtractImages)
	if err != nil {
		return "", err
	}
	for _, i := range all {
		if i.Status == images.ImageStatusActive {
			s.imageRef = i
			return fmt.Sprintf("%s active (%d images)", i.Name, len(all)), nil
		}
	}
	return "", fmt.Errorf("no active image among %d", len(all))
}

func (s *scenario) create() (string, error) {
	created, err := servers.Create(s.compute, servers.CreateOpts{
		Name:             serverName,
		FlavorRef:        s.flavor.ID,
		ImageRef:         s.imageRef.ID,
		AvailabilityZone: zoneName,
	}).Extract()
	if err != nil {
		return "", err
	}
	if created.ID == "" {
		return "", errors.New("the created server has no id")
	}
	s.serverID = created.ID
	return fmt.Sprintf("%s %s in zone %s", serverName, created.ID, zoneName), nil
}

// serverWithZone is a server with the zone it runs in (OS-EXT-AZ:availability_zone).
type serverWithZone struct {
	servers.Server
	availabilityzones.ServerAvailabilityZoneExt
}

// await waits until the server shows status, then checks its flavor, image and zone.
func (s *scenario) await(status string) (string, error) {
	if err := servers.WaitForStatus(s.compute, s.serverID, status, patience); err != nil {
		return "", fmt.Errorf("waiting for %s: %w", status, err)
	}
	var server serverWithZone
	if err := servers.Get(s.compute, s.serverID).ExtractInto(&server); err != nil {
		return "", err
	}
	if server.Status != status {
		return "", fmt.Errorf("status %s after waiting for %s", server.Status, status)
	}
	if server.AvailabilityZone != zoneName {
		return "", fmt.Errorf("in zone %q, not %s", server.AvailabilityZone, zoneName)
	}
	if server.Flavor["id"] != s.flavor.ID || server.Image["id"] != s.imageRef.ID {
		return "", fmt.Errorf("flavor %v and image %v, not %s and %s", server.Flavor, server.Image, s.flavor.ID,
			s.imageRef.ID)
	}
	return fmt.Sprintf("%s %s in zone %s", server.Name, status, server.AvailabilityZone), nil
}

// power checks a power verb was accepted, then waits for the status it ends in.
func (s *scenario) power(verb string, err error, status string) (string, error) {
	if err != nil {
		return "", fmt.Errorf("%s refused: %w", verb, err)
	}
	return s.await(status)
}

// migrateRefused: moving a server to another host cluster is Nova's 501 with the facade's reason.
func (s *scenario) migrateRefused() (string, error) {
	err := migrate.Migrate(s.compute, s.serverID).ExtractErr()
	if err == nil {
		return "", errors.New("migrate was accepted; expected 501 Not Implemented")
	}
	var coded gophercloud.StatusCodeError
	if !errors.As(err, &coded) || coded.GetStatusCode() != http.StatusNotImplemented {
		return "", fmt.Errorf("expected HTTP 501, got: %w", err)
	}
	var unexpected gophercloud.ErrUnexpectedResponseCode
	if !errors.As(err, &unexpected) {
		return "", fmt.Errorf("no response body in: %w", err)
	}
	var fault map[string]struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(unexpected.Body, &fault); err != nil {
		return "", fmt.Errorf("the 501's body is not a Nova fault: %s", unexpected.Body)
	}
	body, found := fault["notImplemented"]
	if len(fault) != 1 || !found || body.Code != http.StatusNotImplemented {
		return "", fmt.Errorf("expected {\"notImplemented\": {\"code\": 501, ...}}, got %s", unexpected.Body)
	}
	if !strings.Contains(body.Message, "migrate") || !strings.Contains(body.Message, "host cluster") {
		return "", fmt.Errorf("the 501's message does not speak of migrate and host clusters: %q", body.Message)
	}
	return fmt.Sprintf("501 %s", body.Message), nil
}

func (s *scenario) deleteAndAwaitGone() (string, error) {
	if err := servers.Delete(s.compute, s.serverID).ExtractErr(); err != nil {
		return "", err
	}
	id := s.serverID
	err := gophercloud.WaitFor(patience, func() (bool, error) {
		_, err := servers.Get(s.compute, id).Extract()
		var notFound gophercloud.ErrDefault404
		if errors.As(err, &notFound) {
			return true, nil
		}
		return false, err
	})
	if err != nil {
		return "", fmt.Errorf("waiting for 404: %w", err)
	}
	s.serverID = ""
	return fmt.Sprintf("%s gone (404)", id), nil
}

func (s *scenario) hostClusterHypervisor() (string, error) {
	h, err := findListed(hypervisors.List(s.compute), hypervisors.ExtractHypervisors, "hypervisor "+hostName,
		func(h hypervisors.Hypervisor) string { return h.HypervisorHostname },
		func(h hypervisors.Hypervisor) bool { return h.HypervisorHostname == hostName })
	if err != nil {
		return "", err
	}
	if h.State != "up" || h.Status != "enabled" {
		return "", fmt.Errorf("hypervisor %s is %s and %s", hostName, h.State, h.Status)
	}
	return fmt.Sprintf("%s %s, %s (%s, %d vCPUs, %d MB)", hostName, h.State, h.Status, h.HypervisorType, h.VCPUs,
		h.MemoryMB), nil
}

func (s *scenario) hostClusterComputeService() (string, error) {
	svc, err := findListed(services.List(s.compute, services.ListOpts{}), services.ExtractServices,
		"nova-compute on "+hostName, func(svc services.Service) string { return svc.Binary + " on " + svc.Host },
		func(svc services.Service) bool { return svc.Binary == "nova-compute" && svc.Host == hostName })
	if err != nil {
		return "", err
	}
	if svc.State != "up" || svc.Status != "enabled" || svc.Zone != zoneName {
		return "", fmt.Errorf("nova-compute on %s is %s and %s in zone %q", hostName, svc.State, svc.Status,
			svc.Zone)
	}
	return fmt.Sprintf("nova-compute on %s %s, %s in zone %s", hostName, svc.State, svc.Status, svc.Zone), nil
}

// listAll reads every page of a listing and extracts its items.
func listAll[T any](pager pagination.Pager, extract func(pagination.Page) ([]T, error)) ([]T, error) {
	pages, err := pager.AllPages()
	if err != nil {
		return nil, err
	}
	return extract(pages)
}

// findListed lists every page and returns the first item that matches; its error names what was looked for and
// what was there.
func findListed[T any](pager pagination.Pager, extract func(pagination.Page) ([]T, error), what string,
	name func(T) string, matches func(T) bool) (T, error) {
	var none T
	items, err := listAll(pager, extract)
	if err != nil {
		return none, err
	}
	var names []string
	for _, item := range items {
		if matches(item) {
			return item, nil
		}
		names = append(names, name(item))
	}
	return none, fmt.Errorf("no %s among %d: %s", what, len(items), strings.Join(names, ", "))
}

// cleanUp deletes the server a failed run left, so that a failure leaves nothing behind.
func (s *scenario) cleanUp() {
	if s.serverID == "" || s.compute == nil {
		return
	}
	if err := servers.Delete(s.compute, s.serverID).ExtractErr(); err != nil {
		fmt.Printf("clean-up: could not delete server %s: %v\n", s.serverID, err)
	}
}
