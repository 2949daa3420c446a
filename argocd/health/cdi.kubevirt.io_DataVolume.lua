-- Argo CD health of a CDI DataVolume (argocd-cm: resource.customizations.health.cdi.kubevirt.io_DataVolume).
-- Replaces Argo CD's bundled check (argoproj/argo-cd resource_customizations/cdi.kubevirt.io/DataVolume/health.lua),
-- which calls WaitForFirstConsumer and PendingPopulation Progressing. On WaitForFirstConsumer storage a DataVolume
-- stays in those phases until the pod of the VM using it is scheduled, and KubeVirt starts VMs on them
-- (kubevirt/kubevirt pkg/virt-controller/watch/vm/vm.go handleDataVolumes): a DataVolume in an earlier sync wave
-- than its VM, or one whose VM is stopped, would keep the sync and the Application Progressing forever.
-- * Healthy: Succeeded; WaitForFirstConsumer and PendingPopulation (the VM reports the import once it starts).
-- * Degraded: Failed, Unknown, an importer that stopped on an error (Running condition False with reason Error,
--   ImagePullFailed, ChecksumError or Unschedulable: kubevirt/containerized-data-importer pkg/controller/util.go,
--   datavolume/conditions.go), and a claim refused by a quota (Bound condition reason ErrExceededQuota).
-- * Suspended: Paused (a multi-stage import waiting for its next checkpoint), as upstream.
-- * Progressing: everything else (Pending, ImportScheduled, ImportInProgress, CloneInProgress, ...), with progress.
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

if obj.metadata ~= nil and obj.metadata.deletionTimestamp ~= nil then
  hs.message = "Pending deletion"
  return hs
end

local status = obj.status
if status == nil or status.phase == nil or status.phase == "" then
  return hs
end
local phase = status.phase

local conditions = {}
if status.conditions ~= nil then
  for _, condition in ipairs(status.conditions) do
    if condition.type ~= nil then
      conditions[condition.type] = condition
    end
  end
end

local importerErrors = { Error = true, ImagePullFailed = true, ChecksumError = true, Unschedulable = true }
local running = conditions.Running
local importerFailed = running ~= nil and running.status == "False" and importerErrors[text(running.reason)] == true

if phase == "Succeeded" then
  hs.status = "Healthy"
  hs.message = "Succeeded"
  return hs
end

if phase == "Failed" or phase == "Unknown" then
  hs.status = "Degraded"
  hs.message = phase
  if importerFailed then
    hs.message = join(phase, join(running.reason, running.message))
  end
  return hs
end

if phase == "Paused" then
  hs.status = "Suspended"
  hs.message = "Paused"
  return hs
end

local bound = conditions.Bound
if bound ~= nil and bound.status ~= "True" and bound.reason == "ErrExceededQuota" then
  hs.status = "Degraded"
  hs.message = join(phase, join(bound.reason, bound.message))
  return hs
end

if importerFailed then
  hs.status = "Degraded"
  hs.message = join(phase, join(running.reason, running.message))
  return hs
end

if phase == "WaitForFirstConsumer" or phase == "PendingPopulation" then
  hs.status = "Healthy"
  hs.message = phase .. ": filled once the first pod using it (its VM's) is scheduled"
  return hs
end

hs.message = phase
if status.progress ~= nil and status.progress ~= "" and status.progress ~= "N/A" then
  hs.message = phase .. " " .. text(status.progress)
end
return hs
