-- End-to-end check of ward-lsp under Neovim's built-in LSP client, run by `lsp/tests/neovim.rs`.
--
-- It uses only what Neovim 0.7 has (`vim.lsp.start_client`, `vim.lsp.buf_attach_client`,
-- `vim.lsp.buf_request_sync`, `vim.diagnostic.get`, `vim.wait`), and takes its arguments from
-- the environment, since 0.7 has no `-l`:
--
--   WARD_LSP=… WARD_ROOT=… WARD_FILE=… WARD_OUT=… WARD_HOVER=12:9 WARD_DEFINITION=12:9 \
--     nvim --headless --clean -c "luafile lsp/tests/neovim/ward_e2e.lua"
--
--   WARD_LSP         the server binary
--   WARD_ROOT        the workspace folder (the root dir the client reports)
--   WARD_FILE        the .ward file to open
--   WARD_OUT         where to write the JSON result
--   WARD_HOVER       `line:character` (LSP positions: zero-based, UTF-16) to hover at
--   WARD_DEFINITION  `line:character` to go to definition from
--   WARD_TIMEOUT_MS  how long to wait for each answer (default 30000)
--
-- The positions are turned into a cursor position, and the requests' parameters are made from
-- the cursor by Neovim itself (`make_position_params`), as `K` and `gd` do. Every failure
-- (a timeout, an error response, a Lua error) is written into the result's "error" field, and
-- Neovim always quits: `qa!`, or status 1 after a failure.

local env = vim.env
local timeout = tonumber(env.WARD_TIMEOUT_MS or '') or 30000

local result = {
  nvim_version = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch,
  diagnostics = {},
  published = {},
  messages = {},
}
local errors = {}

local function fail(msg)
  table.insert(errors, msg)
end

local function position(var)
  local line, character = (env[var] or ''):match('^(%d+):(%d+)$')
  if not line then
    error(var .. ' must be `line:character`, not ' .. vim.inspect(env[var]))
  end
  return { line = tonumber(line), character = tonumber(character) }
end

-- Put the cursor of the current window at an LSP position (UTF-16 character offset).
local function set_cursor(bufnr, pos)
  local text = vim.api.nvim_buf_get_lines(bufnr, pos.line, pos.line + 1, false)[1] or ''
  local ok, byte = pcall(vim.str_byteindex, text, pos.character, true)
  if not ok then
    byte = #text
  end
  vim.api.nvim_win_set_cursor(0, { pos.line + 1, byte })
end

-- The one client's answer from `buf_request_sync`, or nil after recording why not.
local function request(bufnr, client_id, method, params)
  local answers, err = vim.lsp.buf_request_sync(bufnr, method, params, timeout)
  if not answers then
    fail(method .. ': ' .. tostring(err or 'no answer'))
    return nil
  end
  local answer = answers[client_id]
  if not answer then
    fail(method .. ': the ward client did not answer')
    return nil
  end
  if answer.err or answer.error then
    fail(method .. ': error response ' .. vim.inspect(answer.err or answer.error))
    return nil
  end
  return answer.result
end

local function main()
  for _, var in ipairs({ 'WARD_LSP', 'WARD_ROOT', 'WARD_FILE', 'WARD_OUT' }) do
    if not env[var] or env[var] == '' then
      error(var .. ' is not set')
    end
  end
  local hover_pos = position('WARD_HOVER')
  local definition_pos = position('WARD_DEFINITION')
  vim.o.swapfile = false

  local exited = false
  local initialized = false
  local client_id = vim.lsp.start_client({
    name = 'ward',
    cmd = { env.WARD_LSP },
    root_dir = env.WARD_ROOT,
    on_init = function(_, init)
      initialized = true
      result.server_info = init and init.serverInfo or vim.NIL
    end,
    on_exit = function(code, signal)
      exited = true
      result.exit = { code = code, signal = signal }
    end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
        table.insert(result.published, {
          uri = params.uri,
          version = params.version or vim.NIL,
          count = #params.diagnostics,
        })
        return vim.lsp.diagnostic.on_publish_diagnostics(err, params, ctx, config)
      end,
      ['window/showMessage'] = function(_, params)
        table.insert(result.messages, { kind = 'show', type = params.type, message = params.message })
      end,
      ['window/logMessage'] = function(_, params)
        table.insert(result.messages, { kind = 'log', type = params.type, message = params.message })
      end,
    },
  })
  if not client_id then
    error('vim.lsp.start_client failed to start ' .. env.WARD_LSP)
  end

  vim.cmd('edit ' .. vim.fn.fnameescape(env.WARD_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'ward'
  if not vim.lsp.buf_attach_client(bufnr, client_id) then
    error('vim.lsp.buf_attach_client failed')
  end
  local uri = vim.uri_from_bufnr(bufnr)
  result.uri = uri

  if not vim.wait(timeout, function() return initialized or exited end, 20) then
    error('timed out waiting for initialize')
  end
  if exited then
    error('the server exited during initialize: ' .. vim.inspect(result.exit))
  end
  local client = vim.lsp.get_client_by_id(client_id)
  result.offset_encoding = client.offset_encoding

  -- Diagnostics of the version Neovim opened (didOpen is sent once the client is initialized).
  local function opened_version_published()
    local version = vim.lsp.util.buf_versions[bufnr]
    for _, p in ipairs(result.published) do
      if p.uri == uri and p.version == version then
        return true
      end
    end
    return false
  end
  if not vim.wait(timeout, opened_version_published, 20) then
    fail('timed out waiting for diagnostics of ' .. uri)
  end
  result.opened_version = vim.lsp.util.buf_versions[bufnr]
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = d.severity,
      message = d.message,
      code = d.code or vim.NIL,
      source = d.source or vim.NIL,
    })
  end

  -- Hover, from the cursor, as `K` asks for it.
  set_cursor(bufnr, hover_pos)
  local hover_params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local hover = request(bufnr, client_id, 'textDocument/hover', hover_params)
  if hover == nil or hover == vim.NIL then
    fail('textDocument/hover: no hover at ' .. vim.inspect(hover_params.position))
  else
    local contents = hover.contents
    local value
    if type(contents) == 'string' then
      value = contents
    elseif contents.value then
      value = contents.value
    else
      local parts = {}
      for _, c in ipairs(contents) do
        table.insert(parts, type(c) == 'string' and c or c.value)
      end
      value = table.concat(parts, '\n')
    end
    result.hover = {
      position = hover_params.position,
      kind = contents.kind or vim.NIL,
      markdown = value,
      range = hover.range or vim.NIL,
      -- What Neovim's hover window would show.
      lines = vim.lsp.util.trim_empty_lines(vim.lsp.util.convert_input_to_markdown_lines(contents)),
    }
  end

  -- Go to definition, as `gd` does: ask from the cursor, then jump to the answer.
  set_cursor(bufnr, definition_pos)
  local definition_params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local definition = request(bufnr, client_id, 'textDocument/definition', definition_params)
  if definition == nil or definition == vim.NIL then
    fail('textDocument/definition: no definition at ' .. vim.inspect(definition_params.position))
  else
    local location = definition
    if vim.tbl_islist(definition) then
      location = definition[1]
    end
    if location == nil then
      fail('textDocument/definition: an empty list')
    else
      local range = location.targetSelectionRange or location.range
      result.definition = {
        position = definition_params.position,
        uri = location.targetUri or location.uri,
        line = range.start.line,
        character = range.start.character,
        end_line = range['end'].line,
        end_character = range['end'].character,
      }
      if vim.lsp.util.jump_to_location(location, client.offset_encoding) then
        local cursor = vim.api.nvim_win_get_cursor(0)
        result.definition.jumped = {
          file = vim.api.nvim_buf_get_name(0),
          line = cursor[1] - 1,
          col = cursor[2],
          word = vim.fn.expand('<cword>'),
          readonly = vim.bo.readonly,
        }
      else
        fail('vim.lsp.util.jump_to_location failed')
      end
    end
  end

  -- Shut the server down as Neovim does on exit: `shutdown`, then `exit`.
  client.stop()
  if not vim.wait(timeout, function() return exited end, 20) then
    fail('timed out waiting for the server to exit after shutdown')
  end
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  fail(tostring(err))
end
if #errors > 0 then
  result.error = table.concat(errors, '\n')
end

local written, write_err = pcall(function()
  local out = env.WARD_OUT
  if out and out ~= '' then
    vim.fn.writefile({ vim.fn.json_encode(result) }, out)
  else
    io.stderr:write(vim.fn.json_encode(result) .. '\n')
  end
end)
if not written then
  io.stderr:write('ward_e2e.lua: cannot write the result: ' .. tostring(write_err) .. '\n')
end
-- Any client still running is stopped by Neovim on the way out. A failure also shows in the
-- exit status, for people running the script by hand.
if #errors > 0 then
  vim.cmd('cquit 1')
end
vim.cmd('qa!')
