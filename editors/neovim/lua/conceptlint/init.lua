-- conceptlint for Neovim: require('conceptlint').setup{}
--
-- Neovim 0.11 and later: configures and enables lsp/conceptlint.lua (vim.lsp.config and
-- vim.lsp.enable). Neovim 0.7 to 0.10: starts `conceptlint server` itself when a dataset file is
-- read (vim.lsp.start_client, one client per dataset root) and attaches it to the buffer.
--
-- Options (all optional):
--   cmd            command that starts the server          default { 'conceptlint', 'server' }
--   settings       sent on workspace/configuration        e.g. { conceptlint = { thresholds =
--                                                            { minInputs = 100 } } }
--   init_options   initializationOptions                   e.g. { logLevel = 'debug' }
--   on_attach      function(client, bufnr)
--   capabilities   client capabilities (default: Neovim's)
--   root_markers   files that mark the workspace root
--   legacy         true: use the 0.7-0.10 path on 0.11 as well

local M = {}

local uv = vim.uv or vim.loop

local EXTENSIONS = { csv = true, tsv = true, jsonl = true, ndjson = true, manifest = true, lst = true }
local NAMES = {
  ['labels.txt'] = true,
  ['classes.txt'] = true,
  ['concepts.json'] = true,
  ['conceptlint.toml'] = true,
}
local DATASET_MARKERS = { 'conceptlint.toml', 'labels.txt', 'classes.txt', 'concepts.json' }

M.defaults = {
  cmd = { 'conceptlint', 'server' },
  settings = { conceptlint = {} },
  init_options = nil,
  on_attach = nil,
  capabilities = nil,
  root_markers = {
    'conceptlint.toml',
    'labels.txt',
    'classes.txt',
    'concepts.json',
    'metadata.csv',
    'metadata.jsonl',
    '.git',
  },
  legacy = false,
}

local function dirname(path)
  return path:match('^(.*)/[^/]*$') or '.'
end

local function basename(path)
  return path:match('([^/]*)$')
end

--- The nearest folder at or above `dir` that holds one of `markers` (earlier markers first).
function M.find_root(dir, markers)
  for _, marker in ipairs(markers) do
    local d = dir
    while d and d ~= '' do
      if uv.fs_stat(d .. '/' .. marker) then
        return d
      end
      local parent = dirname(d)
      if parent == d or parent == '' or parent == '.' then
        break
      end
      d = parent
    end
    if uv.fs_stat('/' .. marker) then
      return '/'
    end
  end
  return nil
end

--- Whether conceptlint reads this file: manifests, label manifests, the config; other JSON only
--- inside a dataset folder (COCO annotations).
function M.is_dataset_file(path)
  if path == nil or path == '' then
    return false
  end
  local base = basename(path)
  local ext = base:match('%.([^.]+)$')
  ext = ext and ext:lower()
  if NAMES[base] or (ext and EXTENSIONS[ext]) then
    return true
  end
  return ext == 'json' and M.find_root(dirname(path), DATASET_MARKERS) ~= nil
end

local options = vim.deepcopy(M.defaults)
local clients_by_root = {}

local function client_alive(id)
  local client = id and vim.lsp.get_client_by_id(id)
  if not client then
    return false
  end
  -- A function on 0.7, a method later: the colon form works with both.
  return not client:is_stopped()
end

--- Starts (or reuses) the client of the buffer's dataset root and attaches it (0.7-0.10 path).
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local path = vim.api.nvim_buf_get_name(bufnr)
  if vim.bo[bufnr].buftype ~= '' or not M.is_dataset_file(path) then
    return nil
  end
  local root = M.find_root(dirname(path), options.root_markers) or dirname(path)
  local id = clients_by_root[root]
  if not client_alive(id) then
    id = vim.lsp.start_client({
      name = 'conceptlint',
      cmd = options.cmd,
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
      settings = options.settings,
      init_options = options.init_options,
      on_attach = options.on_attach,
      capabilities = options.capabilities,
    })
    if not id then
      vim.notify('conceptlint: could not start ' .. table.concat(options.cmd, ' '), vim.log.levels.ERROR)
      return nil
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

local function setup_legacy()
  local group = vim.api.nvim_create_augroup('conceptlint', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
    group = group,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) then
      M.attach(bufnr)
    end
  end
end

-- root_markers apply to the 0.7-0.10 path; on 0.11 lsp/conceptlint.lua's root_dir decides (override
-- it with vim.lsp.config('conceptlint', { root_dir = ... })).
local function setup_native()
  local config = { cmd = options.cmd, settings = options.settings }
  config.init_options = options.init_options
  config.on_attach = options.on_attach
  config.capabilities = options.capabilities
  vim.lsp.config('conceptlint', config)
  vim.lsp.enable('conceptlint')
end

--- Configures conceptlint; safe to call again with new options.
function M.setup(opts)
  options = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  if vim.lsp.config ~= nil and vim.lsp.enable ~= nil and not options.legacy then
    setup_native()
  else
    setup_legacy()
  end
end

return M
