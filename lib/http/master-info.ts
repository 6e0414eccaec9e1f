// What Determined's clients learn about "the master" before anything else. Our
// version must parse as PEP 440, and the clients compare it with their own, so it
// names the Determined API version we speak, not this app's package version.
export const COMPAT_VERSION = process.env.MREG_COMPAT_VERSION || "0.38.1";
const clusterName = () => process.env.MREG_CLUSTER_NAME || "model-registry";
const MASTER_ID = "model-registry";

/** GET /info: snake_case, unauthenticated. */
export function infoBody() {
  return {
    version: COMPAT_VERSION,
    master_id: MASTER_ID,
    cluster_id: MASTER_ID,
    cluster_name: clusterName(),
    telemetry: { enabled: false, otel_enabled: false, otel_endpoint: "" },
    sso_providers: null,
    branding: "determined",
    external_login_uri: "",
    external_logout_uri: "",
    rbac_enabled: false,
    strict_job_queue_control: false,
    user_management_enabled: true,
    feature_switches: [],
  };
}

/** GET /api/v1/master: the same facts, camelCase. */
export function masterBody() {
  return {
    version: COMPAT_VERSION,
    masterId: MASTER_ID,
    clusterId: MASTER_ID,
    clusterName: clusterName(),
    telemetryEnabled: false,
    ssoProviders: [],
    externalLoginUri: "",
    externalLogoutUri: "",
    branding: "determined",
    rbacEnabled: false,
    strictJobQueueControl: false,
    productType: "PRODUCT_TYPE_UNSPECIFIED",
    userManagementEnabled: true,
    featureSwitches: [],
    hasCustomLogo: false,
  };
}
