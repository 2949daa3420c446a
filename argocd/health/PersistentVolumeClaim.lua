-- Argo CD health of a PersistentVolumeClaim (argocd-cm: resource.customizations.health.PersistentVolumeClaim; a
-- core kind has no "<group>_" prefix: argoproj/argo-cd docs/operator-manual/health.md, util/lua/lua.go GetConfigMapKey).
-- Replaces the built-in check (argoproj/argo-cd gitops-engine/pkg/health/health_pvc.go: Bound Healthy, Lost Degraded,
-- Pending Progressing). A claim on WaitForFirstConsumer storage, such as a disk CDI fills through a VolumeImportSource
-- (dataSourceRef), stays Pending until the pod of the VM using it is scheduled; calling that Progressing keeps a waved
-- sync, and the Application of a stopped VM, Progressing forever (argo-cd#12840, #29201). Applies to every PVC Argo CD
-- manages, so it keeps the built-in meaning everywhere else.
-- * Pending with neither a node chosen (volume.kubernetes.io/selected-node) nor a provisioner assigned
--   (volume.kubernetes.io/storage-provisioner, which the PV controller sets only once it provisions) nor CDI
--   populator activity: waiting for its first consumer -> Healthy. A StorageClass that does not exist looks the same;
--   the consuming VM then reports ErrorUnschedulable.
-- * Pending while provisioned, bound or populated -> Progressing; CDI importer errors copied onto the claim
--   (kubevirt/containerized-data-importer pkg/controller/populators/populator-base.go) -> Degraded.
-- * Bound -> Healthy, unless a resize failed (ControllerResizeError/NodeResizeError) -> Degraded. Lost -> Degraded.
-- Lua 5.1 with only the base and table libraries: Argo CD runs custom checks without its open libraries.

local hs = { status = "Progressing", message = "No status available" }

local function text(value)
  if value == nil then
    return ""
  end
  return tostring(value)
end

-- "a: b", or whichever of the two is not empty.
local function join(a, b)
  a = text(a)
  b = text(b)
  if a == "" then
    return b
  end
  if b == "" then
    return a
  end
  return a .. ": " .. b
end

local annotations = {}
if obj.metadata ~= nil then
  if obj.metadata.deletionTimestamp ~= nil then
    hs.message = "Pending deletion"
    return hs
  end
  if obj.metadata.annotations ~= nil then
    annotations = obj.metadata.annotations
  end
end

local status = obj.status
if status == nil or status.phase == nil then
  return hs
end
local phase = status.phase
local spec = obj.spec or {}

if phase == "Lost" then
  hs.status = "Degraded"
  hs.message = "Lost: its PersistentVolume no longer exists"
  return hs
end

if phase == "Bound" then
  hs.status = "Healthy"
  hs.message = "Bound"
  if status.conditions ~= nil then
    for _, condition in ipairs(status.conditions) do
      if condition.status == "True" then
        if condition.type == "ControllerResizeError" or condition.type == "NodeResizeError" then
          hs.status = "Degraded"
          hs.message = join(condition.type, condition.message)
          return hs
        end
        if condition.type == "Resizing" or condition.type == "FileSystemResizePending" then
          hs.message = "Bound; " .. condition.type
        end
      end
    end
  end
  return hs
end

if phase ~= "Pending" then
  hs.status = "Unknown"
  hs.message = text(phase)
  return hs
end

-- CDI's import populator copies its importer's state from the PVC' onto this claim.
local cdi = "cdi.kubevirt.io/storage."
local importerErrors = { Error = true, ImagePullFailed = true, ChecksumError = true }
if annotations[cdi .. "import.fatalError"] == "true" then
  hs.status = "Degraded"
  hs.message = join("Import failed and will not be retried", annotations[cdi .. "condition.running.message"])
  return hs
end
if annotations[cdi .. "condition.running"] == "false" and importerErrors[text(annotations[cdi .. "condition.running.reason"])] == true then
  hs.status = "Degraded"
  hs.message = join("Import failed", join(annotations[cdi .. "condition.running.reason"], annotations[cdi .. "condition.running.message"]))
  return hs
end
if annotations[cdi .. "pod.schedulable"] == "false" then
  hs.status = "Degraded"
  hs.message = "Import failed: the importer pod cannot be scheduled"
  return hs
end
if annotations[cdi .. "populator.pvcPrime"] ~= nil or annotations[cdi .. "pod.phase"] ~= nil then
  hs.message = "Pending: CDI is populating it"
  if annotations[cdi .. "populator.progress"] ~= nil and annotations[cdi .. "populator.progress"] ~= "N/A" then
    hs.message = hs.message .. " (" .. text(annotations[cdi .. "populator.progress"]) .. ")"
  end
  return hs
end

if annotations["volume.kubernetes.io/selected-node"] ~= nil then
  hs.message = "Pending: provisioning on node " .. text(annotations["volume.kubernetes.io/selected-node"])
  return hs
end
if spec.volumeName ~= nil and spec.volumeName ~= "" then
  hs.message = "Pending: binding PersistentVolume " .. text(spec.volumeName)
  return hs
end
local provisioner = annotations["volume.kubernetes.io/storage-provisioner"] or annotations["volume.beta.kubernetes.io/storage-provisioner"]
if provisioner ~= nil then
  hs.message = "Pending: waiting for " .. text(provisioner) .. " to provision a volume"
  return hs
end
if spec.storageClassName == "" then
  hs.message = "Pending: no StorageClass; waiting for a matching PersistentVolume"
  return hs
end

hs.status = "Healthy"
hs.message = "Pending: WaitForFirstConsumer; bound when the first pod using it (its VM's) is scheduled"
return hs
