import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Server } from 'node:http';
import { LiveServer } from '../live-server';

/** Starts the gateway's feeds and serves /live on the host app's own HTTP server, whichever adapter made it. */
@Injectable()
export class LiveLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(LiveServer) private readonly live: LiveServer,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.live.start();
    this.live.attach(this.adapterHost.httpAdapter.getHttpServer() as Server);
  }

  /** Before Nest closes the HTTP server, which waits for every open connection, WebSockets included. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.live.stop();
  }
}
