package main

import (
	"context"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/exchange/exchangesim"
)

// demoServer is the simulated Exchange server run in-process for --demo.
type demoServer struct{ *exchangesim.Server }

func startDemo() (*demoServer, error) {
	s, err := exchangesim.Start(exchangesim.Options{})
	if err != nil {
		return nil, err
	}
	return &demoServer{s}, nil
}

// network reaches the demo through the same mechanisms a user has
// (--resolve and a trusted CA), so every check runs for real: the demo host
// names work without a port, and the demo CA is the only root trusted.
func (d *demoServer) network(timeout time.Duration) exchange.Network {
	return exchange.Network{
		Resolve:  d.Resolve(),
		Resolver: d.Resolver(),
		RootCAs:  d.CAPool(),
		Timeout:  timeout,
	}
}

// runDemoServer is `ewsconnect demo-server`; it parses its own flags.
func runDemoServer(ctx context.Context, args []string, c console) int {
	return exchangesim.ServeCommand(ctx, args, c.out, c.err)
}
