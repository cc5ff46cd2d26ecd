-- Drive `smlint server` from Neovim (headless): open $NVIM_FILE, write the first diagnostics
-- smlint publishes for it to $NVIM_RESULT (code range source), quit. vim.lsp.start_client:
-- Neovim 0.7 (Debian 12) has no vim.lsp.start.
local function finish(msg)
  local f = io.open(vim.env.NVIM_RESULT, "w")
  f:write(msg)
  f:close()
  vim.cmd("qa!")
end
vim.cmd("edit " .. vim.env.NVIM_FILE)
local client_id = vim.lsp.start_client({
  name = "smlint",
  cmd = { vim.env.SMLINT or "smlint", "server" },
  root_dir = vim.fn.getcwd(),
  handlers = {
    ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
      local lines = {}
      for _, d in ipairs(result.diagnostics) do
        table.insert(lines, string.format("%s %d:%d-%d:%d %s", d.code, d.range.start.line, d.range.start.character, d.range["end"].line, d.range["end"].character, d.source))
      end
      finish(table.concat(lines, "\n") .. "\n")
    end,
  },
})
vim.lsp.buf_attach_client(0, client_id)
vim.defer_fn(function() finish("timeout\n") end, 20000)
