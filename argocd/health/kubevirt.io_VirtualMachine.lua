-- Argo CD health of a KubeVirt VirtualMachine (argocd-cm: resource.customizations.health.kubevirt.io_VirtualMachine).
-- Replaces Argo CD's bundled check (argoproj/argo-cd resource_customizations/kubevirt.io/VirtualMachine/health.lua),
-- which has no Degraded state, ignores RestartRequired and calls stopped VMs Suspended, which stalls waved syncs.
-- Reads what KubeVirt's virt-controller writes (kubevirt/kubevirt v1.9, pkg/virt-controller/watch/vm/vm.go):
-- * Degraded: the error printableStatus values (ErrorUnschedulable, ErrImagePull, ImagePullBackOff,
--   ErrorPvcNotFound, DataVolumeError, CrashLoopBackOff, Unknown), the Failure and ManualRecoveryRequired
--   conditions, and RestartRequired on a VM that has a VMI: it runs an older spec than Git and nothing but a
--   restart applies it. Progressing would park a waved sync until someone restarts the VM.
-- * Healthy: Running and ready, or stopped on purpose: runStrategy Halted (or running: false); Manual without a
--   pending start request; RerunOnFailure after virtctl stop or a guest shutdown (status.runStrategy is recorded
--   and no start request is pending, KubeVirt >= 1.3); Once after its single run.
-- * Suspended: Paused (virtctl pause); the guest is frozen until an operator resumes it.
-- * Progressing: no status yet, starting, provisioning, migrating, stopping, or stopped where KubeVirt will start it.
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
if status == nil then
  return hs
end

-- VirtualMachine.RunStrategy(): runStrategy, else the deprecated running (true = Always), else Halted.
local strategy = "Halted"
if obj.spec ~= nil then
  if obj.spec.runStrategy ~= nil then
    strategy = obj.spec.runStrategy
  elseif obj.spec.running == true then
    strategy = "Always"
  end
end

local conditions = {}
if status.conditions ~= nil then
  for _, condition in ipairs(status.conditions) do
    if condition.type ~= nil then
      conditions[condition.type] = condition
    end
  end
end

local function isTrue(kind)
  return conditions[kind] ~= nil and conditions[kind].status == "True"
end

-- The reason and message of a condition that is False, e.g. PodScheduled/Unschedulable copied from the VMI.
local function whyFalse(kind)
  local condition = conditions[kind]
  if condition == nil or condition.status ~= "False" then
    return ""
  end
  return text(condition.message)
end

local startRequested = false
if status.stateChangeRequests ~= nil then
  for _, request in ipairs(status.stateChangeRequests) do
    if request.action == "Start" then
      startRequested = true
    end
  end
end

local printable = status.printableStatus
if printable == nil then
  -- A status without printableStatus: written by virtctl before the controller, or a very old KubeVirt.
  if status.ready == true then
    printable = "Running"
  elseif status.created == true then
    printable = "Starting"
  else
    printable = "Stopped"
  end
end

local function degraded(message)
  hs.status = "Degraded"
  hs.message = message
  return hs
end

local function failure()
  if isTrue("Failure") then
    return join(conditions.Failure.reason, conditions.Failure.message)
  end
  return ""
end

-- Error states, in the order KubeVirt's setPrintableStatus evaluates them.
if printable == "ErrorUnschedulable" then
  return degraded(join(printable, whyFalse("PodScheduled")))
elseif printable == "ErrImagePull" or printable == "ImagePullBackOff" or printable == "ErrorPvcNotFound" then
  return degraded(join(printable, whyFalse("Synchronized")))
elseif printable == "DataVolumeError" then
  return degraded(join(printable, "a DataVolume of this VM failed; see the DataVolume's conditions"))
elseif printable == "CrashLoopBackOff" then
  local detail = "the VM keeps failing to start"
  if status.startFailure ~= nil and status.startFailure.consecutiveFailCount ~= nil then
    detail = detail .. " (" .. text(status.startFailure.consecutiveFailCount) .. " consecutive failures"
    if status.startFailure.retryAfterTimestamp ~= nil then
      detail = detail .. ", next attempt after " .. text(status.startFailure.retryAfterTimestamp)
    end
    detail = detail .. ")"
  end
  return degraded(join(printable, join(detail, failure())))
elseif printable == "Unknown" then
  return degraded(join(printable, "KubeVirt cannot tell the VM's state (is its node reachable?)"))
end

if isTrue("Failure") then
  return degraded(join("Failure", failure()))
end
if isTrue("ManualRecoveryRequired") then
  return degraded(join("ManualRecoveryRequired", conditions.ManualRecoveryRequired.message))
end
if isTrue("RestartRequired") and status.created == true then
  local name = ""
  if obj.metadata ~= nil and obj.metadata.name ~= nil then
    name = " " .. text(obj.metadata.name)
  end
  return degraded(join("RestartRequired", conditions.RestartRequired.message)
    .. "; restart the VM (virtctl restart" .. name .. ") to run the spec from Git")
end

if printable == "Paused" then
  hs.status = "Suspended"
  local paused = ""
  if conditions.Paused ~= nil then
    paused = join(conditions.Paused.reason, conditions.Paused.message)
  end
  hs.message = join("Paused", paused)
  return hs
end

if printable == "Running" then
  if status.ready == true or isTrue("Ready") then
    hs.status = "Healthy"
    hs.message = "Running"
  else
    local ready = conditions.Ready
    local why = ""
    if ready ~= nil then
      why = join(ready.reason, ready.message)
    end
    hs.message = join("Running, not ready", why)
  end
  return hs
end

if printable == "Stopped" then
  if strategy == "Halted" then
    hs.status = "Healthy"
    hs.message = "Stopped (runStrategy Halted)"
  elseif startRequested then
    hs.message = "Stopped; a start was requested"
  elseif strategy == "Manual" then
    hs.status = "Healthy"
    hs.message = "Stopped (runStrategy Manual: started and stopped with virtctl)"
  elseif strategy == "RerunOnFailure" then
    -- status.runStrategy is recorded once the VM has run; until then (or after a switch) KubeVirt starts it.
    if status.runStrategy == "RerunOnFailure" then
      hs.status = "Healthy"
      hs.message = "Stopped by virtctl stop or a guest shutdown (runStrategy RerunOnFailure restarts only after a failure)"
    else
      hs.message = "Stopped; runStrategy RerunOnFailure starts it"
    end
  elseif strategy == "Once" then
    if status.created == true or status.runStrategy == "Once" then
      hs.status = "Healthy"
      hs.message = "Stopped after its single run (runStrategy Once)"
    else
      hs.message = "Stopped; runStrategy Once starts it"
    end
  else
    hs.message = "Stopped; runStrategy " .. text(strategy) .. " starts it"
  end
  return hs
end

-- Starting, Provisioning, WaitingForVolumeBinding, Migrating, Stopping, Terminating, WaitingForReceiver, newer values.
hs.message = text(printable)
return hs
