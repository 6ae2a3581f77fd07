import * as fs from 'node:fs';
import * as path from 'node:path';
import { Controller, Get, Header, NotFoundException, Param, StreamableFile, Type } from '@nestjs/common';
import { OpenRoute } from '../access/access.decorators';

// Swagger UI's assets come from the swagger-ui-dist package and are served by the API itself: no CDN, so the
// docs work on machines without internet access.
const ASSETS_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
};

const page = (title: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>${title}</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: '/docs-json', dom_id: '#swagger-ui' });
  </script>
</body>
</html>
`;

/** /docs (Swagger UI), /docs-json and the UI's assets for an API whose document `build` returns. */
export function openApiController(title: string, build: () => Record<string, unknown>): Type<unknown> {
  @Controller()
  @OpenRoute('docs')
  class OpenApiController {
    private readonly document = build();
    private readonly html = page(title);

    @Get('docs-json')
    json(): Record<string, unknown> {
      return this.document;
    }

    @Get('docs')
    @Header('Content-Type', 'text/html; charset=utf-8')
    ui(): string {
      return this.html;
    }

    @Get('docs/assets/:file')
    asset(@Param('file') file: string): StreamableFile {
      const type = ASSETS[file];
      if (!type) throw new NotFoundException(`No Swagger UI asset ${file}`);
      return new StreamableFile(fs.createReadStream(path.join(ASSETS_DIR, file)), { type });
    }
  }
  return OpenApiController;
}
